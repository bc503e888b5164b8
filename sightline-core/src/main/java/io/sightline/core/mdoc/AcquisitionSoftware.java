package io.sightline.core.mdoc;

/** What wrote an mdoc, from its titles: {@code SerialEM: ...} or {@code Tomography: ...} (Tomo5). */
public enum AcquisitionSoftware {
    SERIALEM,
    TOMO5,
    UNKNOWN
}
