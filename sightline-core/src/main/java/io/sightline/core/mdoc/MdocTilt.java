package io.sightline.core.mdoc;

/**
 * One image of a tilt series ({@code [ZValue]} section), its values typed. Values the section does not have
 * are null.
 *
 * @param zValue the section's {@code ZValue}
 * @param tiltAngle {@code TiltAngle}, degrees
 * @param exposureDose {@code ExposureDose}, electrons per Å²
 * @param priorRecordDose {@code PriorRecordDose}: dose before this image, as the microscope software counted it
 * @param preExposure the dose before this image: {@code PriorRecordDose} when written, else the sum of the
 *     exposure doses of the images before it in the file (each its {@code ExposureDose}, else the series'
 *     dose per tilt)
 * @param rotationAngle {@code RotationAngle}, degrees
 * @param defocus {@code Defocus}, µm
 * @param subFramePath {@code SubFramePath} as written (often a Windows path)
 * @param subFrameName the file name of the frames, after the last {@code \} or {@code /}
 * @param eer whether the frames are an EER file ({@code .eer})
 * @param numSubFrames {@code NumSubFrames}
 * @param dateTime {@code DateTime} as written
 * @param line 1-based line of the section's header
 */
public record MdocTilt(
        String zValue,
        Double tiltAngle,
        Double exposureDose,
        Double priorRecordDose,
        double preExposure,
        Double rotationAngle,
        Double defocus,
        String subFramePath,
        String subFrameName,
        boolean eer,
        Integer numSubFrames,
        String dateTime,
        int line) {}
