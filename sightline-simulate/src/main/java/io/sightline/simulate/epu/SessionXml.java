package io.sightline.simulate.epu;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** {@code EpuSession.dm}: root {@code EpuSessionXml} (Applications.Epu.Persistence), one line. */
final class SessionXml {

    private static final String COMMON = "http://schemas.datacontract.org/2004/07/Fei.Applications.Common.Types";
    private static final String INT_COMPARER = "System.Collections.Generic.GenericEqualityComparer`1[[System.Int32, "
            + "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]";

    private static final Template HEAD = Template.compile("""
            <?xml version="1.0"?>
            <EpuSessionXml xmlns="http://schemas.datacontract.org/2004/07/Applications.Epu.Persistence" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" z:Id="1" z:Type="Applications.Epu.Persistence.EpuSessionXml" z:Assembly="Applications.Epu.Persistence, Version=3.9.1.8206, Culture=neutral, PublicKeyToken=null">
              <Id xmlns="%1$s">${sessionId}</Id>
              <AutoFocusEnabled>false</AutoFocusEnabled>
              <AutoStageTimeEnabled>false</AutoStageTimeEnabled>
              <AutoZeroLossEnabled>false</AutoZeroLossEnabled>
              <AutoZeroLossPeriodicity>PT1H</AutoZeroLossPeriodicity>
              <AutoloaderDescription z:Id="${z}"/>
              <AutoloaderSlot>${slot}</AutoloaderSlot>
              <ClusteringMode>ClusteringWithImageBeamShift</ClusteringMode>
              <ClusteringRadius>1.2E-05</ClusteringRadius>
              <DoseFractionsOutputFormat z:Id="${z}">Tiff Lzw Non-Gain normalized</DoseFractionsOutputFormat>
              <EmailNotificationEnabled>false</EmailNotificationEnabled>
              <EnableSmartHoleSelection>false</EnableSmartHoleSelection>
              <IceThicknessEnabled>false</IceThicknessEnabled>
              <ImageFileFormat>Mrc</ImageFileFormat>
              <IsManuallySelected>true</IsManuallySelected>
              <IsSmartFilterGridSquareDecisionKnown>false</IsSmartFilterGridSquareDecisionKnown>
              <MicroscopeName i:nil="true"/>
              <Name z:Id="${z:name}">${name}</Name>
              <NumberOfTargetLocationsToSelect i:nil="true"/>
              <PhasePlateAccelerateEnabled>false</PhasePlateAccelerateEnabled>
              <PhasePlateActivationTime>PT20S</PhasePlateActivationTime>
              <PhasePlateEnabled>false</PhasePlateEnabled>
              <PhasePlatePeriodicity>50</PhasePlatePeriodicity>
              <RecipientsEmailList i:nil="true"/>
              <RemoveHolesCloseToGridBarOnAutomaticRun>true</RemoveHolesCloseToGridBarOnAutomaticRun>
              <Samples z:Id="${z}">
                <_items z:Id="${z}" z:Size="4">
                  <SampleXml z:Id="${z}">
                    <Id xmlns="%1$s">${sampleId}</Id>
                    <AlignmentTimeStamp>${alignmentTime}</AlignmentTimeStamp>
                    <AllowDarkFoilHolesOnGridSquareMagnification>false</AllowDarkFoilHolesOnGridSquareMagnification>
                    <AtlasId z:Id="${z}">${atlasPath}</AtlasId>
                    <EndDateTime i:nil="true"/>
                    <GridGeometry>Square</GridGeometry>
                    <GridSquares xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays" z:Id="${z}">
                      <a:m_comparer z:Id="${z:comparer}" z:Type="%2$s" z:Assembly="0"/>
                      <a:m_keyRehashCount>0</a:m_keyRehashCount>
                      <a:m_serializationArray xmlns:b="http://schemas.datacontract.org/2004/07/System.Collections.Generic" z:Id="${z}" z:Size="${squareCount}">
            """.formatted(COMMON, INT_COMPARER));

    private static final Template SQUARE = Template.compile("""
            <b:KeyValuePairOfintSerializedReferenceOfGridSquareXml_PsqDC3X0m6koiAE_P>
              <b:key>${id}</b:key>
              <b:value xmlns:c="%s" z:Id="${z}"><c:FileName z:Id="${z}">Metadata\\GridSquare_${id}.dm</c:FileName></b:value>
            </b:KeyValuePairOfintSerializedReferenceOfGridSquareXml_PsqDC3X0m6koiAE_P>
            """.formatted(COMMON));

    private static final String AREA = """
            <b:KeyValuePairOfintDataAcquisitionAreaXmlBpEWF4JT>
              <b:key>${id}</b:key>
              <b:value z:Id="${z}">
                <Id xmlns="%s">${id}</Id>
                <ImageAcquisitionSettingXml z:Id="${z}"><Id xmlns="%1$s">${settingId}</Id><Defocus %2$s/><ExposureTime>0.89</ExposureTime></ImageAcquisitionSettingXml>
                <ShiftInPixels xmlns:c="http://schemas.datacontract.org/2004/07/System.Drawing"><c:height>${dy}</c:height><c:width>${dx}</c:width></ShiftInPixels>
              </b:value>
            </b:KeyValuePairOfintDataAcquisitionAreaXmlBpEWF4JT>
            """;
    /** The first area defines the defocus list, the others refer to it. */
    private static final Template FIRST_AREA = Template.compile(AREA.formatted(
                    COMMON,
                    "z:Id=\"${z:defocus}\" z:Type=\"System.Double[]\" z:Assembly=\"0\" z:Size=\"6\" "
                            + "xmlns:a=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\">"
                            + "<a:double>-2.4E-06</a:double><a:double>-2.1E-06</a:double><a:double>-1.8E-06</a:double>"
                            + "<a:double>-1.5E-06</a:double><a:double>-1.2E-06</a:double><a:double>-9E-07</a:double></Defocus")
            .replace("</Defocus/>", "</Defocus>"));

    private static final Template OTHER_AREA =
            Template.compile(AREA.formatted(COMMON, "z:Ref=\"${ref:defocus}\" i:nil=\"true\""));

    private static final Template MIDDLE = Template.compile("""
                      </a:m_serializationArray>
                      <a:m_serializationCapacity>1117</a:m_serializationCapacity>
                      <a:m_serializationConcurrencyLevel>12</a:m_serializationConcurrencyLevel>
                    </GridSquares>
                    <GridType>HoleyCarbon</GridType>
                    <IsSmartGridSquareCategorizationApplied>false</IsSmartGridSquareCategorizationApplied>
                    <StartDateTime>${sampleStart}</StartDateTime>
                    <TargetAreaTemplate z:Id="${z}">
                      <Id xmlns="%s">${templateId}</Id>
                      <AutoplaceAutofocus>false</AutoplaceAutofocus>
                      <DataAcquisitionAreas xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays" z:Id="${z}">
                        <a:m_comparer z:Ref="${ref:comparer}" i:nil="true"/>
                        <a:m_keyRehashCount>0</a:m_keyRehashCount>
                        <a:m_serializationArray xmlns:b="http://schemas.datacontract.org/2004/07/System.Collections.Generic" z:Id="${z}" z:Size="${areaCount}">
            """.formatted(COMMON));

    private static final Template TAIL = Template.compile("""
                        </a:m_serializationArray>
                        <a:m_serializationCapacity>31</a:m_serializationCapacity>
                        <a:m_serializationConcurrencyLevel>12</a:m_serializationConcurrencyLevel>
                      </DataAcquisitionAreas>
                      <DelayAfterImageShift>0.5</DelayAfterImageShift>
                      <DelayAfterStageShift>5</DelayAfterStageShift>
                      <MaximumImageShift>5E-06</MaximumImageShift>
                    </TargetAreaTemplate>
                  </SampleXml>
                  <SampleXml i:nil="true"/>
                  <SampleXml i:nil="true"/>
                  <SampleXml i:nil="true"/>
                </_items>
                <_size>1</_size>
                <_version>1</_version>
              </Samples>
              <SkipGridSquareEnabled>false</SkipGridSquareEnabled>
              <SmartFoilHoleFindingEnabled>false</SmartFoilHoleFindingEnabled>
              <SmartGridSquareEnabled>false</SmartGridSquareEnabled>
              <StartDateTime>${start}</StartDateTime>
              <StorageFolders z:Id="${z}">
                <_items z:Id="${z}" z:Size="4">
                  <StorageFolderXml z:Id="${z}">
                    <Id xmlns="%s">${storageFolderId}</Id>
                    <DiscId>1</DiscId>
                    <Path z:Id="${z}">${storageFolder}</Path>
                    <SessionName z:Ref="${ref:name}" i:nil="true"/>
                  </StorageFolderXml>
                  <StorageFolderXml i:nil="true"/>
                  <StorageFolderXml i:nil="true"/>
                  <StorageFolderXml i:nil="true"/>
                </_items>
                <_size>1</_size>
                <_version>1</_version>
              </StorageFolders>
              <TiltAngle>0</TiltAngle>
              <TiltedAcquisitionEnabled>false</TiltedAcquisitionEnabled>
              <Version xmlns:a="http://schemas.datacontract.org/2004/07/System" z:Id="${z}"><a:_Build>0</a:_Build><a:_Major>3</a:_Major><a:_Minor>0</a:_Minor><a:_Revision>0</a:_Revision></Version>
            </EpuSessionXml>
            """.formatted(COMMON));

    private SessionXml() {}

    /** {@code Z:\DoseFractions\<visit>}, the storage folder every Windows path starts with. */
    static String storageFolder(String visit) {
        return "Z:\\DoseFractions\\" + visit;
    }

    static void write(Appendable out, EpuModel.Visit visit, EpuModel.Grid grid) throws IOException {
        Template.ZIds z = new Template.ZIds();
        Map<String, String> values = new HashMap<>();
        values.put("sessionId", Long.toString(grid.sessionId()));
        values.put("slot", Integer.toString(grid.atlas().sample()));
        values.put("name", grid.folder());
        values.put("sampleId", Long.toString(grid.sampleId()));
        values.put("alignmentTime", NetFormat.utcTime(grid.atlas().acquired().plusSeconds(1800)));
        values.put(
                "atlasPath",
                storageFolder(visit.visitName()) + "\\" + atlasPath(visit, grid).replace('/', '\\'));
        values.put("squareCount", Integer.toString(grid.squares().size()));
        HEAD.render(out, z, values);
        for (EpuModel.Square square : grid.squares()) {
            SQUARE.render(out, z, Map.of("id", Long.toString(square.id())));
        }
        values.put("sampleStart", NetFormat.offsetTime(grid.start().minusNanos(4_000_000)));
        values.put("templateId", Long.toString(grid.sampleId() + 1_000_000));
        values.put("areaCount", Integer.toString(grid.locationIds().size()));
        MIDDLE.render(out, z, values);
        for (int k = 0; k < grid.locationIds().size(); k++) {
            long id = grid.locationIds().get(k);
            Map<String, String> area = new HashMap<>();
            area.put("id", Long.toString(id));
            area.put("settingId", Long.toString(id + 2));
            area.put("dx", NetFormat.pixel(Math.cos(k * 1.3) * 300));
            area.put("dy", NetFormat.pixel(Math.sin(k * 1.3) * 300));
            (k == 0 ? FIRST_AREA : OTHER_AREA).render(out, z, area);
        }
        values.put("start", NetFormat.utcTime(grid.start()));
        values.put("storageFolderId", Long.toString(grid.storageFolderId()));
        values.put("storageFolder", storageFolder(visit.visitName()));
        TAIL.render(out, z, values);
    }

    /** {@code atlas/<atlasSession>/Sample<N>/Atlas/Atlas.dm}, relative to the visit folder. */
    static String atlasPath(EpuModel.Visit visit, EpuModel.Grid grid) {
        return visit.atlasFolder() + "/Sample" + grid.atlas().sample() + "/Atlas/Atlas.dm";
    }
}
