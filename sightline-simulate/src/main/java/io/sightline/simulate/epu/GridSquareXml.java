package io.sightline.simulate.epu;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Metadata/GridSquare_<id>.dm}: root {@code GridSquareXml}, one line. Unvisited squares carry an empty target
 * dictionary; a visited square lists every foil-hole target ({@code KeyValuePairOfintTargetLocationXmlBpEWF4JT}),
 * and the holes acquired so far are {@code Completed} with their particle acquisitions (one per micrograph).
 */
final class GridSquareXml {

    private static final String COMMON = "http://schemas.datacontract.org/2004/07/Fei.Applications.Common.Types";
    private static final String TYPES = "http://schemas.datacontract.org/2004/07/Applications.SciencesAppsShared.Types";
    private static final String ASSEMBLY =
            "Applications.Epu.Persistence, Version=3.9.1.8206, Culture=neutral, PublicKeyToken=null";
    private static final String INT32 =
            "System.Int32, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";
    private static final String ACQUISITIONS_TYPE = "System.Collections.Generic.Dictionary`2[[" + INT32
            + "],[Applications.Epu.Persistence.ParticleAcquisitionDataXml, " + ASSEMBLY + "]]";
    private static final String PAIRS_TYPE = "System.Collections.Generic.KeyValuePair`2[[" + INT32
            + "],[Applications.Epu.Persistence.ParticleAcquisitionDataXml, " + ASSEMBLY + "]][]";
    private static final String COMPARER_TYPE = "System.Collections.Generic.GenericEqualityComparer`1[[" + INT32 + "]]";

    private static final Template HEAD =
            Template.compile("""
            <GridSquareXml z:Id="1" z:Type="Applications.Epu.Persistence.GridSquareXml" z:Assembly="%1$s" xmlns="http://schemas.datacontract.org/2004/07/Applications.Epu.Persistence" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/">
              <Id xmlns="%2$s">${id}</Id>
              <AtlasNodeId>${id}</AtlasNodeId>
              <AutoEucentricPerformed>${visited}</AutoEucentricPerformed>
              <BalancedRank i:nil="true"/>
              <BeamCurrent i:nil="true"/>
              <CategoryName i:nil="true"/>
              <CategoryNumber i:nil="true"/>
              ${imagePath}
              ${shape}
              <HolePositionCorrection i:nil="true"/>
              <HoleSpacing>4.1280022158274845E-06</HoleSpacing>
              ${image}
              <IsRecommendedSelection i:nil="true"/>
              <IsSmartFindHolesDecisionKnown>false</IsSmartFindHolesDecisionKnown>
              <IsSmartHoleDecisionKnown>false</IsSmartHoleDecisionKnown>
              <IsSmartIceThicknessDecisionKnown>false</IsSmartIceThicknessDecisionKnown>
              <Order>${order}</Order>
              <Position xmlns:a="http://schemas.datacontract.org/2004/07/Fei.SharedObjects"><a:A>0</a:A><a:B>0</a:B><a:X>${x}</a:X><a:Y>${y}</a:Y><a:Z>%3$s</a:Z></Position>
              <RankInsideCategory i:nil="true"/>
              <Rotation>${rotation}</Rotation>
              <Selected>${selected}</Selected>
              ${start}
              <State>${state}</State>
              <TargetLocations z:Id="${z}" z:Type="Applications.Epu.Persistence.FoilHoleCollectionXml" z:Assembly="%1$s">
                <Id xmlns="%2$s">${collectionId}</Id>
                <GridSquareId>${id}</GridSquareId>
                <TargetLocations i:nil="true" xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"/>
                <TargetLocationsEfficient z:Id="${z}" xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
                  <a:m_comparer z:Id="${z}" z:Type="%4$s" z:Assembly="0"/>
                  <a:m_keyRehashCount>0</a:m_keyRehashCount>
                  <a:m_serializationArray z:Id="${z}" z:Size="${targetCount}" xmlns:b="http://schemas.datacontract.org/2004/07/System.Collections.Generic">
            """.formatted(ASSEMBLY, COMMON, NetFormat.number(EpuModel.STAGE_Z), COMPARER_TYPE));

    private static final Template TAIL = Template.compile("""
                  </a:m_serializationArray>
                  <a:m_serializationCapacity>${capacity}</a:m_serializationCapacity>
                  <a:m_serializationConcurrencyLevel>12</a:m_serializationConcurrencyLevel>
                </TargetLocationsEfficient>
              </TargetLocations>
              <Unusable>false</Unusable>
            </GridSquareXml>
            """);

    private static final Template TARGET = Template.compile("""
            <b:KeyValuePairOfintTargetLocationXmlBpEWF4JT>
              <b:key>${id}</b:key>
              <b:value z:Id="${z}">
                <Id xmlns="%1$s">${id}</Id>
                <BeamShiftId i:nil="true"/>
                <CorrectedStagePosition xmlns:c="http://schemas.datacontract.org/2004/07/Fei.SharedObjects"><c:A>0</c:A><c:B>0</c:B><c:X>0</c:X><c:Y>0</c:Y><c:Z>0</c:Z></CorrectedStagePosition>
                <FilterProperties z:Id="${z}"><PixelIntensityMean>${mean}</PixelIntensityMean><PixelIntensityStDev>${sd}</PixelIntensityStDev></FilterProperties>
                ${imagePath}
                <GridSquareId>${squareId}</GridSquareId>
                ${image}
                <IsNearGridBar>${near}</IsNearGridBar>
                <IsPositionCorrected>false</IsPositionCorrected>
                <IsPositionRefined>false</IsPositionRefined>
                <IsRecommendedSelection i:nil="true"/>
                <Order>${order}</Order>
                <ParticleAcquisitions z:Id="${z}" z:Type="%2$s" z:Assembly="0">
                  <Version z:Id="${z}" z:Type="System.Int32" z:Assembly="0" xmlns="">${count}</Version>
                  ${comparer}
                  <HashSize z:Id="${z}" z:Type="System.Int32" z:Assembly="0" xmlns="">${hashSize}</HashSize>
                  ${acquisitions}
                </ParticleAcquisitions>
                <PixelCenter xmlns:c="http://schemas.datacontract.org/2004/07/System.Drawing"><c:x>${px}</c:x><c:y>${py}</c:y></PixelCenter>
                <PixelWidthHeight xmlns:c="http://schemas.datacontract.org/2004/07/System.Drawing"><c:height>%3$s</c:height><c:width>%3$s</c:width></PixelWidthHeight>
                <PositionInCluster i:nil="true" xmlns:c="http://schemas.datacontract.org/2004/07/System.Drawing"/>
                ${primaryId}
                <Quality>1</Quality>
                <Rotation>0</Rotation>
                <SecondaryTargetLocationdIds z:Id="${z}">${items}<a:_size>0</a:_size><a:_version>0</a:_version></SecondaryTargetLocationdIds>
                <Selected>${selected}</Selected>
                <Shear>0</Shear>
                <SmartIceThicknessResult i:nil="true"/>
                <StagePosition xmlns:c="http://schemas.datacontract.org/2004/07/Fei.SharedObjects"><c:A>-0.00023951923150003149</c:A><c:B>0.0167836925</c:B><c:X>${x}</c:X><c:Y>${y}</c:Y><c:Z>%4$s</c:Z></StagePosition>
                <State>${state}</State>
              </b:value>
            </b:KeyValuePairOfintTargetLocationXmlBpEWF4JT>
            """.formatted(
                    COMMON,
                    ACQUISITIONS_TYPE,
                    NetFormat.number(EpuModel.HOLE_DIAMETER_PX),
                    NetFormat.number(EpuModel.STAGE_Z)));

    private static final Template ACQUISITION = Template.compile("""
            <b:KeyValuePairOfintParticleAcquisitionDataXmlBpEWF4JT>
              <b:key>${id}</b:key>
              <b:value z:Id="${z}" xmlns:c="http://schemas.datacontract.org/2004/07/Applications.Epu.Persistence">
                <Id xmlns="%s">${id}</Id>
                <c:DataAcquisitionAreaId>${location}</c:DataAcquisitionAreaId>
                <c:GridSquareId>${squareId}</c:GridSquareId>
                <c:Image z:Id="${z}" xmlns:d="%1$s"><d:BaseFileName z:Id="${z}">${baseName}</d:BaseFileName><d:FileFormat>Mrc</d:FileFormat></c:Image>
                <c:ImageAcquisitionSettingId>${settingId}</c:ImageAcquisitionSettingId>
                <c:ImageFolderName z:Id="${z}">Images-Disc1</c:ImageFolderName>
                <c:TargetLocationId>${holeId}</c:TargetLocationId>
              </b:value>
            </b:KeyValuePairOfintParticleAcquisitionDataXmlBpEWF4JT>
            """.formatted(COMMON));

    /** How far acquisition has got when a version of the file is written. */
    enum Stage {
        /** Before the square is visited: no targets. */
        UNVISITED,
        /** The square is being acquired: targets known, the first {@code completedHoles} acquired holes done. */
        IN_PROGRESS,
        /** All acquired holes done. */
        COMPLETED
    }

    private GridSquareXml() {}

    static void write(
            Appendable out,
            EpuModel.Visit visit,
            EpuModel.Grid grid,
            EpuModel.Square square,
            EpuModel.VisitedSquare visited,
            Stage stage,
            int completedHoles)
            throws IOException {
        Template.ZIds z = new Template.ZIds();
        boolean hasTargets = stage != Stage.UNVISITED && visited != null;
        Map<String, String> values = new HashMap<>();
        values.put("id", Long.toString(square.id()));
        values.put("visited", Boolean.toString(hasTargets));
        if (hasTargets) {
            String baseName = "GridSquare_" + NetFormat.fileStamp(visited.imaged());
            values.put(
                    "imagePath",
                    "<GridSquareImagePath z:Id=\"" + z.next() + "\">" + imageFolder(visit, grid) + "\\GridSquare_"
                            + square.id() + "\\" + baseName + ".mrc</GridSquareImagePath>");
            values.put("shape", shape(z));
            values.put(
                    "image",
                    "<Image z:Id=\"" + z.next() + "\" xmlns:a=\"" + COMMON + "\"><a:BaseFileName z:Id=\""
                            + z.next() + "\">" + baseName + "</a:BaseFileName><a:FileFormat>Mrc</a:FileFormat></Image>"
                            + "<ImageFolderName z:Id=\"" + z.next() + "\">Images-Disc1</ImageFolderName>");
            values.put("start", "<StartDateTime>" + NetFormat.offsetTime(visited.imaged()) + "</StartDateTime>");
        } else {
            values.put("imagePath", "<GridSquareImagePath i:nil=\"true\"/>");
            values.put("shape", "<GridSquareShape i:nil=\"true\" xmlns:a=\"" + TYPES + "\"/>");
            values.put("image", "<Image i:nil=\"true\" xmlns:a=\"" + COMMON + "\"/><ImageFolderName i:nil=\"true\"/>");
            values.put("start", "<StartDateTime i:nil=\"true\"/>");
        }
        values.put("order", Integer.toString(square.order()));
        values.put("x", NetFormat.number(square.stageX()));
        values.put("y", NetFormat.number(square.stageY()));
        values.put("rotation", NetFormat.number(square.rotation()));
        values.put("selected", Boolean.toString(hasTargets || square.selected()));
        values.put(
                "state",
                switch (stage) {
                    case UNVISITED -> "Defined";
                    case IN_PROGRESS -> "InProgress";
                    case COMPLETED -> "Completed";
                });
        values.put("collectionId", Long.toString(hasTargets ? visited.collectionId() : square.id() + 1));
        List<EpuModel.Hole> holes = hasTargets ? visited.holes() : List.of();
        values.put("targetCount", Integer.toString(holes.size()));
        HEAD.render(out, z, values);
        for (EpuModel.Hole hole : holes) {
            boolean done = hole.acquired() && (stage == Stage.COMPLETED || hole.acquisitionIndex() < completedHoles);
            writeTarget(out, z, visit, grid, square, hole, done);
        }
        TAIL.render(out, z, Map.of("capacity", Integer.toString(capacity(holes.size()))));
    }

    /** The square's outline in its image: an octagon around the hole lattice. */
    private static String shape(Template.ZIds z) {
        int shapeId = z.next();
        int verticesId = z.next();
        double cx = EpuModel.SQUARE_IMAGE_WIDTH / 2d;
        double cy = EpuModel.SQUARE_IMAGE_HEIGHT / 2d;
        StringBuilder vertices = new StringBuilder();
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            double angle = Math.PI / 8 + i * Math.PI / 4;
            double x = Math.round(Math.max(0, Math.min(EpuModel.SQUARE_IMAGE_WIDTH, cx + 1150 * Math.cos(angle))));
            double y = Math.round(Math.max(0, Math.min(EpuModel.SQUARE_IMAGE_HEIGHT, cy + 1150 * Math.sin(angle))));
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
            vertices.append("<b:PointF><b:x>")
                    .append(NetFormat.number(x))
                    .append("</b:x><b:y>")
                    .append(NetFormat.number(y))
                    .append("</b:y></b:PointF>");
        }
        String drawing = " xmlns:b=\"http://schemas.datacontract.org/2004/07/System.Drawing\"";
        return "<GridSquareShape z:Id=\"" + shapeId + "\" xmlns:a=\"" + TYPES + "\"><a:center" + drawing + "><b:x>"
                + NetFormat.pixel(cx) + "</b:x><b:y>" + NetFormat.pixel(cy) + "</b:y></a:center><a:max" + drawing
                + "><b:x>" + NetFormat.number(maxX) + "</b:x><b:y>" + NetFormat.number(maxY) + "</b:y></a:max><a:min"
                + drawing + "><b:x>" + NetFormat.number(minX) + "</b:x><b:y>" + NetFormat.number(minY)
                + "</b:y></a:min><a:vertices z:Id=\"" + verticesId + "\" z:Size=\"8\"" + drawing + ">" + vertices
                + "</a:vertices></GridSquareShape>";
    }

    private static int capacity(int count) {
        int[] primes = {31, 67, 137, 277, 557, 1117, 2237, 4481, 8963};
        for (int prime : primes) {
            if (prime >= count) {
                return prime;
            }
        }
        return count;
    }

    private static void writeTarget(
            Appendable out,
            Template.ZIds z,
            EpuModel.Visit visit,
            EpuModel.Grid grid,
            EpuModel.Square square,
            EpuModel.Hole hole,
            boolean done)
            throws IOException {
        Map<String, String> values = new HashMap<>(40);
        String id = Long.toString(hole.id());
        values.put("id", id);
        values.put("squareId", Long.toString(square.id()));
        values.put("mean", NetFormat.number(hole.intensityMean()));
        values.put("sd", NetFormat.number(hole.intensityStDev()));
        values.put("near", Boolean.toString(hole.nearGridBar()));
        values.put("order", Integer.toString(hole.order()));
        values.put("px", NetFormat.pixel(hole.px()));
        values.put("py", NetFormat.pixel(hole.py()));
        values.put("x", NetFormat.number(hole.stageX()));
        values.put("y", NetFormat.number(hole.stageY()));
        values.put("selected", Boolean.toString(hole.acquired()));
        values.put("state", done ? "Completed" : "Defined");
        values.put("primaryId", done ? "<PrimaryId>" + id + "</PrimaryId>" : "<PrimaryId i:nil=\"true\"/>");
        // Lazily filled, in document order, by the value function below.
        StringBuilder acquisitions = new StringBuilder();
        String[] imageParts = new String[2];
        Template.ZIds ids = z;
        TARGET.render(out, ids, name -> switch (name) {
            case "imagePath" -> {
                if (!done || hole.manifestTimes().isEmpty()) {
                    yield "<FoilHoleImagePath i:nil=\"true\"/>";
                }
                imageParts[0] = "FoilHole_" + id + "_"
                        + NetFormat.fileStamp(
                                hole.manifestTimes().get(hole.manifestTimes().size() - 1));
                yield "<FoilHoleImagePath z:Id=\"" + ids.next() + "\">" + imageFolder(visit, grid) + "\\GridSquare_"
                        + square.id() + "\\FoilHoles\\" + imageParts[0] + ".mrc</FoilHoleImagePath>";
            }
            case "image" ->
                imageParts[0] == null
                        ? "<Image i:nil=\"true\" xmlns:c=\"" + COMMON + "\"/><ImageFolderName i:nil=\"true\"/>"
                        : "<Image z:Id=\"" + ids.next() + "\" xmlns:c=\"" + COMMON + "\"><c:BaseFileName z:Id=\""
                                + ids.next() + "\">" + imageParts[0]
                                + "</c:BaseFileName><c:FileFormat>Mrc</c:FileFormat>"
                                + "</Image><ImageFolderName z:Id=\"" + ids.next() + "\">Images-Disc1</ImageFolderName>";
            case "count" -> Integer.toString(done ? hole.micrographs().size() : 0);
            case "comparer" -> {
                if (ids.knows("comparer")) {
                    yield "<Comparer z:Ref=\"" + ids.recall("comparer") + "\" i:nil=\"true\" xmlns=\"\"/>";
                }
                int comparer = ids.next();
                ids.remember("comparer", comparer);
                yield "<Comparer z:Id=\"" + comparer + "\" z:Type=\"" + COMPARER_TYPE
                        + "\" z:Assembly=\"0\" xmlns=\"\"/>";
            }
            case "hashSize" -> done && !hole.micrographs().isEmpty() ? "7" : "0";
            case "acquisitions" -> {
                if (!done || hole.micrographs().isEmpty()) {
                    yield "";
                }
                acquisitions
                        .append("<KeyValuePairs z:Id=\"")
                        .append(ids.next())
                        .append("\" z:Type=\"")
                        .append(PAIRS_TYPE)
                        .append("\" z:Assembly=\"0\" z:Size=\"")
                        .append(hole.micrographs().size())
                        .append("\" xmlns=\"\">");
                for (EpuModel.Micrograph micrograph : hole.micrographs()) {
                    Map<String, String> pair = new HashMap<>();
                    pair.put("id", Long.toString(micrograph.acquisitionId()));
                    pair.put("location", Long.toString(micrograph.locationId()));
                    pair.put("squareId", Long.toString(square.id()));
                    pair.put("baseName", micrographBaseName(hole, micrograph));
                    pair.put("settingId", Long.toString(micrograph.locationId() + 2));
                    pair.put("holeId", id);
                    try {
                        ACQUISITION.render(acquisitions, ids, pair);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                yield acquisitions.append("</KeyValuePairs>").toString();
            }
            case "items" -> {
                if (ids.knows("items")) {
                    yield "<a:_items z:Ref=\"" + ids.recall("items") + "\" i:nil=\"true\"/>";
                }
                int items = ids.next();
                ids.remember("items", items);
                yield "<a:_items z:Id=\"" + items + "\" z:Size=\"0\"/>";
            }
            default -> {
                String value = values.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no value for ${" + name + "}");
                }
                yield value;
            }
        });
    }

    /** {@code FoilHole_<hole>_Data_<location>_<n>_<yyyyMMdd>_<HHmmss>}, the micrograph's base file name. */
    static String micrographBaseName(EpuModel.Hole hole, EpuModel.Micrograph micrograph) {
        return "FoilHole_" + hole.id() + "_Data_" + micrograph.locationId() + "_" + micrograph.n() + "_"
                + NetFormat.fileStamp(micrograph.time());
    }

    /** {@code Z:\DoseFractions\<visit>\<session folder>\Images-Disc1}. */
    static String imageFolder(EpuModel.Visit visit, EpuModel.Grid grid) {
        return SessionXml.storageFolder(visit.visitName()) + "\\" + grid.folder() + "\\Images-Disc1";
    }
}
