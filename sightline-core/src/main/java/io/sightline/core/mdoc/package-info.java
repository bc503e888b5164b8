/**
 * SerialEM's {@code .mdoc} files, as SerialEM and Thermo Fisher Tomography 5 write them beside tilt series
 * and frames: {@link io.sightline.core.mdoc.MdocReader} reads one into an {@link io.sightline.core.mdoc.Mdoc},
 * the file as written (header, titles, sections) together with the facts a processing pipeline needs
 * (acquisition software, tilt axis, pixel spacing, voltage, dose per tilt, EER frames, dose before each tilt).
 */
package io.sightline.core.mdoc;
