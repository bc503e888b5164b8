package io.sightline.simulate.epu;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code Sample<N>/Atlas/Atlas.dm}: root {@code AtlasSessionXml} (GridAtlas.Persistence), one line. Every tile lists
 * the squares it shows ({@code KeyValuePairOfintNodeXml30oatNZW}); each of those nodes carries the square's position
 * on the atlas and its position in every tile that shows it, so the file grows with tiles × squares like a real one.
 */
final class AtlasXml {

    private static final String COMMON = "http://schemas.datacontract.org/2004/07/Fei.Applications.Common.Types";
    private static final String ATL =
            "http://schemas.datacontract.org/2004/07/Applications.SciencesAppsShared.GridAtlas.Persistence";
    private static final String ASSEMBLY =
            "Applications.SciencesAppsShared.GridAtlas.Persistence, Version=1.34.0.6930, Culture=neutral, PublicKeyToken=null";
    private static final String INT32 =
            "System.Int32, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";
    private static final String NODES_TYPE = "System.Collections.Generic.Dictionary`2[[" + INT32
            + "],[Applications.SciencesAppsShared.GridAtlas.Persistence.NodeXml, " + ASSEMBLY + "]]";
    private static final String PAIRS_TYPE = "System.Collections.Generic.KeyValuePair`2[[" + INT32
            + "],[Applications.SciencesAppsShared.GridAtlas.Persistence.NodeXml, " + ASSEMBLY + "]][]";
    private static final String COMPARER_TYPE = "System.Collections.Generic.GenericEqualityComparer`1[[" + INT32 + "]]";
    private static final String DRAWING = "http://schemas.datacontract.org/2004/07/System.Drawing";
    private static final String DATAMODEL =
            "http://schemas.datacontract.org/2004/07/Applications.SciencesAppsShared.GridAtlas.Datamodel";
    private static final String SHARED = "http://schemas.datacontract.org/2004/07/Fei.SharedObjects";

    private static final Template HEAD = Template.compile("""
            <AtlasSessionXml z:Id="1" z:Type="Applications.SciencesAppsShared.GridAtlas.Persistence.AtlasSessionXml" z:Assembly="%1$s" xmlns="%2$s" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/">
              <Id xmlns="%3$s">${id}</Id>
              <Atlas z:Id="${z}">
                <Id xmlns="%3$s">${id}</Id>
                <AcquiredWithImageBeamShift>false</AcquiredWithImageBeamShift>
                <AcquisitionDateTime>${acquired}</AcquisitionDateTime>
                <AlignmentTileId>${alignmentTileId}</AlignmentTileId>
                <AtlasImageReference z:Id="${z}" xmlns:a="%3$s"><a:BaseFileName z:Id="${z}">Atlas_${imageId}</a:BaseFileName><a:FileFormat>Mrc</a:FileFormat></AtlasImageReference>
                <CryoboxReferenceVector xmlns:a="%4$s"><a:x>0</a:x><a:y>0</a:y></CryoboxReferenceVector>
                <HighLmAlignmentImageReference i:nil="true" xmlns:a="%3$s"/>
                <IsStem>false</IsStem>
                <Name i:nil="true"/>
                <NrTiles i:nil="true"/>
                <Session z:Ref="1" i:nil="true"/>
                <StartPosition>CloseToCenter</StartPosition>
                <TilesEfficient z:Id="${z}">
                  <_items z:Id="${z}" z:Size="${capacity}">
            """.formatted(ASSEMBLY, ATL, COMMON, DRAWING));

    private static final Template TILE_HEAD =
            Template.compile("""
            <TileXml z:Id="${z}">
              <Id xmlns="%1$s">${id}</Id>
              <AtlasPixelPosition xmlns:a="%2$s"><a:height>${height}</a:height><a:width>${width}</a:width><a:x>${x}</a:x><a:y>${y}</a:y></AtlasPixelPosition>
              <Nodes z:Id="${z}" z:Type="%5$s" z:Assembly="0" xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
                <Version z:Id="${z}" z:Type="System.Int32" z:Assembly="0" xmlns="">${count}</Version>
                ${comparer}
                <HashSize z:Id="${z}" z:Type="System.Int32" z:Assembly="0" xmlns="">17</HashSize>
                <KeyValuePairs z:Id="${z}" z:Type="%6$s" z:Assembly="0" z:Size="${count}" xmlns="">
            """.formatted(COMMON, DRAWING, "", "", NODES_TYPE, PAIRS_TYPE));

    private static final Template TILE_TAIL = Template.compile("""
                </KeyValuePairs>
              </Nodes>
              <StagePosition xmlns:a="%1$s"><a:A>-0.00023951923150003149</a:A><a:B>0.0167836925</a:B><a:X>${stageX}</a:X><a:Y>${stageY}</a:Y><a:Z>6.997763392800003E-05</a:Z></StagePosition>
              <TileImageReference z:Id="${z}" xmlns:a="%2$s"><a:BaseFileName z:Id="${z}">${baseName}</a:BaseFileName><a:FileFormat>Mrc</a:FileFormat></TileImageReference>
            </TileXml>
            """.formatted(SHARED, COMMON));

    private static final String POSITION = """
            <c:Center xmlns:d="%1$s"><d:x>${cx}</d:x><d:y>${cy}</d:y></c:Center>
            <c:Physical xmlns:d="%1$s"><d:height>${physicalSize}</d:height><d:width>${physicalSize}</d:width><d:x>${physicalX}</d:x><d:y>${physicalY}</d:y></c:Physical>
            <c:Quality>${quality}</c:Quality>
            <c:Rotation>${rotation}</c:Rotation>
            <c:Shear>-0.0013646155362180461</c:Shear>
            <c:Size xmlns:d="%1$s"><d:height>${size}</d:height><d:width>${size}</d:width></c:Size>
            """.formatted(DRAWING);

    private static final Template NODE_HEAD = Template.compile("""
            <KeyValuePairOfintNodeXml30oatNZW xmlns="http://schemas.datacontract.org/2004/07/System.Collections.Generic">
              <key>${id}</key>
              <value z:Id="${z}" xmlns:b="%1$s">
                <Id xmlns="%2$s">${id}</Id>
                <b:AlignedStagePosition xmlns:c="%3$s"><c:A>0</c:A><c:B>0</c:B><c:X>${stageX}</c:X><c:Y>${stageY}</c:Y><c:Z>0</c:Z></b:AlignedStagePosition>
                <b:Category>1</b:Category>
                <b:FeatureVector z:Id="${z}" z:Size="5">${features}</b:FeatureVector>
                <b:PositionOnTheAtlas xmlns:c="%4$s">%5$s</b:PositionOnTheAtlas>
                <b:StagePosition xmlns:c="%3$s"><c:A>0</c:A><c:B>0</c:B><c:X>${stageX}</c:X><c:Y>${stageY}</c:Y><c:Z>0</c:Z></b:StagePosition>
                <b:TilePositions z:Id="${z}">
                  <b:_items z:Id="${z}" z:Size="${capacity}">
            """.formatted(ATL, COMMON, SHARED, DATAMODEL, POSITION));

    private static final Template TILE_POSITION = Template.compile("""
            <b:TilePositionXml z:Id="${z}">
              <Id xmlns="%1$s">${id}</Id>
              <b:NodePosition xmlns:c="%2$s">%3$s</b:NodePosition>
              <b:TileId>${tileId}</b:TileId>
            </b:TilePositionXml>
            """.formatted(COMMON, DATAMODEL, POSITION));

    private static final Template TAIL = Template.compile("""
                  </_items>
                  <_size>${count}</_size>
                  <_version>${version}</_version>
                </TilesEfficient>
              </Atlas>
              <Description z:Id="${z}">Atlas for autoloader slot ${sample}</Description>
              <ImageFileFormat>Mrc</ImageFileFormat>
              <Name z:Id="${z}">Atlas</Name>
              <StartDateTime>${start}</StartDateTime>
              <StorageFolder z:Id="${z}">${storageFolder}</StorageFolder>
              <Version z:Id="${z}" xmlns:a="http://schemas.datacontract.org/2004/07/System"><a:_Build>0</a:_Build><a:_Major>3</a:_Major><a:_Minor>0</a:_Minor><a:_Revision>-1</a:_Revision></Version>
            </AtlasSessionXml>
            """);

    private AtlasXml() {}

    static void write(Appendable out, EpuModel.Visit visit, EpuModel.Atlas atlas) throws IOException {
        Template.ZIds z = new Template.ZIds();
        Map<String, String> values = new HashMap<>();
        values.put("id", Long.toString(atlas.id()));
        values.put("acquired", NetFormat.offsetTime(atlas.acquired()));
        values.put(
                "alignmentTileId",
                Long.toString(atlas.tiles().get(atlas.tiles().size() / 2).id()));
        values.put("imageId", Long.toString(atlas.imageId()));
        values.put("capacity", Integer.toString(powerOfTwo(atlas.tiles().size())));
        HEAD.render(out, z, values);
        for (EpuModel.Tile tile : atlas.tiles()) {
            writeTile(out, z, atlas, tile);
        }
        for (int i = atlas.tiles().size(); i < powerOfTwo(atlas.tiles().size()); i++) {
            out.append("<TileXml i:nil=\"true\"/>");
        }
        values.put("count", Integer.toString(atlas.tiles().size()));
        values.put("version", Integer.toString(atlas.tiles().size() + 1));
        values.put("sample", Integer.toString(atlas.sample()));
        values.put("start", NetFormat.offsetTime(atlas.acquired().minusSeconds(2400)));
        values.put(
                "storageFolder",
                SessionXml.storageFolder(visit.visitName()) + "\\"
                        + visit.atlasFolder().replace('/', '\\') + "\\Sample" + atlas.sample());
        TAIL.render(out, z, values);
    }

    /** {@code Tile_<tileId>_<n>_<atlasImageId>}, base name of a tile's image and manifest. */
    static String tileBaseName(EpuModel.Atlas atlas, EpuModel.Tile tile) {
        return "Tile_" + tile.id() + "_" + (tile.index() + 1) + "_" + atlas.imageId();
    }

    private static void writeTile(Appendable out, Template.ZIds z, EpuModel.Atlas atlas, EpuModel.Tile tile)
            throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("id", Long.toString(tile.id()));
        values.put("x", Integer.toString(tile.x()));
        values.put("y", Integer.toString(tile.y()));
        values.put("count", Integer.toString(tile.nodes().size()));
        values.put("width", Integer.toString(tile.width()));
        values.put("height", Integer.toString(tile.height()));
        TILE_HEAD.render(out, z, name -> {
            if (!name.equals("comparer")) {
                return values.get(name);
            }
            if (z.knows("comparer")) {
                return "<Comparer z:Ref=\"" + z.recall("comparer") + "\" i:nil=\"true\" xmlns=\"\"/>";
            }
            int id = z.next();
            z.remember("comparer", id);
            return "<Comparer z:Id=\"" + id + "\" z:Type=\"" + COMPARER_TYPE + "\" z:Assembly=\"0\" xmlns=\"\"/>";
        });
        for (EpuModel.Square square : tile.nodes()) {
            writeNode(out, z, square);
        }
        values.put("stageX", NetFormat.number(tile.stageX()));
        values.put("stageY", NetFormat.number(tile.stageY()));
        values.put("baseName", tileBaseName(atlas, tile));
        TILE_TAIL.render(out, z, values);
    }

    private static void writeNode(Appendable out, Template.ZIds z, EpuModel.Square square) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("id", Long.toString(square.id()));
        values.put("stageX", NetFormat.number(square.stageX()));
        values.put("stageY", NetFormat.number(square.stageY()));
        StringBuilder features = new StringBuilder(160);
        for (double feature : square.features()) {
            features.append("<a:double>").append(NetFormat.number(feature)).append("</a:double>");
        }
        values.put("features", features.toString());
        putPosition(values, square, square.atlasX(), square.atlasY(), square.atlasSize());
        int count = square.tilePositions().size();
        int capacity = Math.max(4, powerOfTwo(count));
        values.put("capacity", Integer.toString(capacity));
        NODE_HEAD.render(out, z, values);
        for (EpuModel.TilePosition position : square.tilePositions()) {
            values.put("id", Long.toString(position.id()));
            values.put("tileId", Long.toString(position.tile().id()));
            putPosition(
                    values,
                    square,
                    position.x(),
                    position.y(),
                    square.atlasSize() * position.tile().scale());
            TILE_POSITION.render(out, z, values);
        }
        for (int i = count; i < capacity; i++) {
            out.append("<b:TilePositionXml i:nil=\"true\"/>");
        }
        out.append("</b:_items><b:_size>")
                .append(Integer.toString(count))
                .append("</b:_size><b:_version>")
                .append(Integer.toString(count))
                .append("</b:_version></b:TilePositions></value>")
                .append("</KeyValuePairOfintNodeXml30oatNZW>");
    }

    private static void putPosition(
            Map<String, String> values, EpuModel.Square square, double x, double y, double size) {
        values.put("cx", NetFormat.pixel(x));
        values.put("cy", NetFormat.pixel(y));
        double physical = square.atlasSize() * EpuModel.ATLAS_PIXEL_SIZE;
        values.put("physicalSize", NetFormat.number(physical));
        values.put("physicalX", NetFormat.number(square.stageX() - physical / 2));
        values.put("physicalY", NetFormat.number(square.stageY() - physical / 2));
        values.put("quality", NetFormat.number(1 + square.features()[0] * 0.2));
        values.put("rotation", NetFormat.number(square.rotation()));
        values.put("size", NetFormat.pixel(size));
    }

    private static int powerOfTwo(int count) {
        int capacity = 1;
        while (capacity < count) {
            capacity <<= 1;
        }
        return capacity;
    }
}
