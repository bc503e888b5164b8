package io.sightline.core.image;

/**
 * What one format's header says beyond the common {@link ImageHeader} fields (an MRC mode and space group,
 * a TIFF compression). Each format has its own record; the set is open because formats are a registry.
 */
public interface FormatDetails {}
