package io.sightline.core.epu.read;

import io.sightline.core.epu.model.Instrument;
import io.sightline.core.epu.model.PixelPoint;
import io.sightline.core.epu.model.PixelSize;
import java.time.Instant;

/**
 * Reads the facts the model needs from a {@code MicroscopeImage} document, the root of every image
 * manifest (grid square, foil hole, micrograph). The three manifest readers pick from the result.
 */
final class MicroscopeImageParser {
    private MicroscopeImageParser() {}

    /** What one image manifest says; every part nullable. */
    record ImageFacts(
            String uniqueId,
            Instant acquisitionTime,
            String camera,
            Integer readoutWidth,
            Integer readoutHeight,
            Integer binning,
            Double exposureTime,
            Double defocus,
            Long magnification,
            Boolean energyFilter,
            Double pixelSize,
            Instrument instrument,
            Double dose,
            Double doseRate,
            String detector,
            Boolean phasePlate,
            Double appliedDefocus,
            HoleCentre holeCentre) {}

    /** {@code FindFoilHoleCenterResults}, a {@code Fei.Types.Shape2D}. */
    record HoleCentre(PixelPoint center, PixelSize size, Double quality, Double rotation) {}

    /** Mutable accumulator for one document. */
    private static final class Facts {
        String uniqueId;
        Instant acquisitionTime;
        String camera;
        Integer readoutWidth;
        Integer readoutHeight;
        Integer binning;
        Double exposureTime;
        Double defocus;
        Long magnification;
        Boolean energyFilter;
        Double pixelSize;
        String model;
        String instrumentId;
        String computer;
        Double dose;
        Double doseRate;
        String detector;
        String detectorFallback;
        Boolean phasePlate;
        Double appliedDefocus;
        HoleCentre holeCentre;
    }

    static ImageFacts parse(XmlCursor c) throws EpuReadException {
        c.root(Ns.SHARED, "MicroscopeImage");
        Facts f = new Facts();
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.SHARED, "uniqueID")) {
                f.uniqueId = c.optText();
            } else if (c.is(Ns.SHARED, "CustomData")) {
                customData(c, f);
            } else if (c.is(Ns.SHARED, "SpatialScale")) {
                spatialScale(c, f);
            } else if (c.is(Ns.SHARED, "microscopeData")) {
                microscopeData(c, f);
            }
        }
        if (f.uniqueId == null) {
            throw c.unsupported("image manifest has no <uniqueID>", null);
        }
        return new ImageFacts(
                f.uniqueId,
                f.acquisitionTime,
                f.camera,
                f.readoutWidth,
                f.readoutHeight,
                f.binning,
                f.exposureTime,
                f.defocus,
                f.magnification,
                f.energyFilter,
                f.pixelSize,
                new Instrument(f.model, f.instrumentId, f.computer),
                f.dose,
                f.doseRate,
                f.detector != null ? f.detector : f.detectorFallback,
                f.phasePlate,
                f.appliedDefocus,
                f.holeCentre);
    }

    private static void customData(XmlCursor c, Facts f) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.ARRAYS, "KeyValueOfstringanyType")) {
                continue;
            }
            String key = null;
            int kv = c.depth();
            while (c.child(kv)) {
                if (c.is(Ns.ARRAYS, "Key")) {
                    key = c.optText();
                } else if (c.is(Ns.ARRAYS, "Value") && key != null && !c.isNil()) {
                    customValue(c, key, f);
                }
            }
        }
    }

    /** Only known keys are read; unknown values (some are whole objects) are skipped unread. */
    private static void customValue(XmlCursor c, String key, Facts f) throws EpuReadException {
        switch (key) {
            case "DoseOnCamera" -> f.dose = c.optDouble();
            case "DoseRate" -> f.doseRate = c.optDouble();
            case "DetectorCommercialName" -> f.detector = c.optText();
            case "PhasePlateUsed" -> f.phasePlate = c.optBoolean();
            case "AppliedDefocus" -> f.appliedDefocus = c.optDouble();
            case "FindFoilHoleCenterResults" -> f.holeCentre = shape(c);
            default -> {
                if (key.startsWith("Detectors[") && key.endsWith("].CommercialName")) {
                    f.detectorFallback = c.optText();
                }
            }
        }
    }

    private static HoleCentre shape(XmlCursor c) throws EpuReadException {
        PixelPoint center = null;
        PixelSize size = null;
        Double quality = null;
        Double rotation = null;
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.FEI_TYPES, "Center")) {
                center = Shapes.point(c);
            } else if (c.is(Ns.FEI_TYPES, "Size")) {
                size = Shapes.size(c);
            } else if (c.is(Ns.FEI_TYPES, "Quality")) {
                quality = c.optDouble();
            } else if (c.is(Ns.FEI_TYPES, "Rotation")) {
                rotation = c.optDouble();
            }
        }
        return new HoleCentre(center, size, quality, rotation);
    }

    private static void spatialScale(XmlCursor c, Facts f) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (!c.is(Ns.SHARED, "pixelSize")) {
                continue;
            }
            int p = c.depth();
            while (c.child(p)) {
                if (!c.is(Ns.SHARED, "x")) {
                    continue;
                }
                int x = c.depth();
                while (c.child(x)) {
                    if (c.is(Ns.SHARED, "numericValue")) {
                        f.pixelSize = c.optDouble();
                    }
                }
            }
        }
    }

    private static void microscopeData(XmlCursor c, Facts f) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.SHARED, "acquisition")) {
                acquisition(c, f);
            } else if (c.is(Ns.SHARED, "optics")) {
                optics(c, f);
            } else if (c.is(Ns.SHARED, "instrument")) {
                int i = c.depth();
                while (c.child(i)) {
                    if (c.is(Ns.SHARED, "InstrumentModel")) {
                        f.model = c.optText();
                    } else if (c.is(Ns.SHARED, "InstrumentID")) {
                        f.instrumentId = c.optText();
                    } else if (c.is(Ns.SHARED, "ComputerName")) {
                        f.computer = c.optText();
                    }
                }
            }
        }
    }

    private static void acquisition(XmlCursor c, Facts f) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.SHARED, "acquisitionDateTime")) {
                f.acquisitionTime = c.optInstant();
            } else if (c.is(Ns.SHARED, "camera") && !c.isNil()) {
                int cam = c.depth();
                while (c.child(cam)) {
                    if (c.is(Ns.SHARED, "Name")) {
                        f.camera = c.optText();
                    } else if (c.is(Ns.SHARED, "ExposureTime")) {
                        f.exposureTime = c.optDouble();
                    } else if (c.is(Ns.SHARED, "Binning")) {
                        PixelPoint b = Shapes.point(c);
                        f.binning = b == null ? null : toInt(c, b.x());
                    } else if (c.is(Ns.SHARED, "ReadoutArea")) {
                        PixelSize s = Shapes.size(c);
                        if (s != null) {
                            f.readoutWidth = toInt(c, s.width());
                            f.readoutHeight = toInt(c, s.height());
                        }
                    }
                }
            }
        }
    }

    private static void optics(XmlCursor c, Facts f) throws EpuReadException {
        int d = c.depth();
        while (c.child(d)) {
            if (c.is(Ns.SHARED, "Defocus")) {
                f.defocus = c.optDouble();
            } else if (c.is(Ns.SHARED, "EFTEMOn")) {
                f.energyFilter = c.optBoolean();
            } else if (c.is(Ns.SHARED, "TemMagnification") && !c.isNil()) {
                int m = c.depth();
                while (c.child(m)) {
                    if (c.is(Ns.SHARED, "NominalMagnification")) {
                        f.magnification = c.optLong();
                    }
                }
            }
        }
    }

    private static Integer toInt(XmlCursor c, double v) throws EpuReadException {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw c.malformed("expected a whole pixel count, found " + v, null);
        }
        return (int) v;
    }
}
