package io.sightline.core.epu.path;

import java.time.LocalDateTime;

/**
 * A file EPU writes, recognised from its path alone (see {@link PathRule}); each variant carries
 * the natural ids its path holds. {@code path} is the path exactly as given to the classifier.
 *
 * <p>{@code fileTime} values come from file names; EPU writes them in the microscope PC's local time
 * with no zone, hence {@link LocalDateTime}. The acquisition time inside the file is the one to trust.
 */
public interface EpuFile {

    String path();

    /** {@code <grid>/EpuSession.dm}: one grid's session. */
    record Session(String path) implements EpuFile {}

    /** {@code .../Atlas/Atlas.dm}: an atlas session. */
    record AtlasSession(String path) implements EpuFile {}

    /** {@code <grid>/Metadata/GridSquare_<squareId>.dm}. */
    record GridSquareMetadataFile(String path, long squareId) implements EpuFile {}

    /** {@code <grid>/Images-Disc<disc>/GridSquare_<squareId>/GridSquare_<date>_<time>.xml}. */
    record GridSquareManifestFile(String path, int disc, long squareId, LocalDateTime fileTime) implements EpuFile {}

    /** {@code .../GridSquare_<squareId>/FoilHoles/FoilHole_<holeId>_<date>_<time>.xml}. */
    record FoilHoleManifestFile(String path, long squareId, long holeId, LocalDateTime fileTime) implements EpuFile {}

    /** {@code .../GridSquare_<squareId>/Data/FoilHole_<holeId>_Data_<locationId>_<index>_<date>_<time>.xml}. */
    record MicrographManifestFile(
            String path, long squareId, long holeId, long locationId, long index, LocalDateTime fileTime)
            implements EpuFile {}
}
