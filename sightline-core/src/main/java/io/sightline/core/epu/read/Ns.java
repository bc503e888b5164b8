package io.sightline.core.epu.read;

/** Namespace URIs of EPU files (see {@code FORMAT.md}); readers match on these, never on prefixes. */
final class Ns {
    private Ns() {}

    private static final String DC = "http://schemas.datacontract.org/2004/07/";

    static final String EPU = DC + "Applications.Epu.Persistence";
    static final String COMMON = DC + "Fei.Applications.Common.Types";
    static final String ATLAS = DC + "Applications.SciencesAppsShared.GridAtlas.Persistence";
    static final String ATLAS_MODEL = DC + "Applications.SciencesAppsShared.GridAtlas.Datamodel";
    static final String DRAWING = DC + "System.Drawing";
    static final String GENERIC = DC + "System.Collections.Generic";
    static final String ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
    static final String SHARED = DC + "Fei.SharedObjects";
    static final String FEI_TYPES = DC + "Fei.Types";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** The one {@code KeyValuePairs} element in atlas node dictionaries sits in no namespace. */
    static final String NONE = "";
}
