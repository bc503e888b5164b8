package io.sightline.simulate.epu;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code MicroscopeImage} manifest EPU writes beside every image (atlas tiles, grid squares, foil holes,
 * micrographs): one layout, different optics. Namespace {@code http://schemas.datacontract.org/2004/07/Fei.SharedObjects}.
 */
final class ManifestXml {

    static final String INSTRUMENT_MODEL = "TITAN52336320";
    static final String INSTRUMENT_ID = "3632";
    static final String DETECTOR = "BioQuantum K3";

    /** Values of one manifest; numbers are already formatted. */
    record Image(
            String uniqueId,
            String acquired,
            String doseOnCamera,
            String doseRate,
            String dose,
            String appliedDefocus,
            String foilHoleCenter,
            String pixelSize,
            int binning,
            int readoutWidth,
            int readoutHeight,
            String exposureTime,
            boolean fractionated,
            String guid,
            String defocus,
            boolean eftemOn,
            boolean slitInserted,
            String lensMode,
            String probeMode,
            int magnification,
            String beamDiameter,
            String stageX,
            String stageY,
            String stageZ) {}

    private static final String B_XS = "xmlns:b=\"http://www.w3.org/2001/XMLSchema\"";

    private static final Template TEMPLATE = Template.compile("""
            <MicroscopeImage xmlns="http://schemas.datacontract.org/2004/07/Fei.SharedObjects" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
              <name>Empty</name>
              <uniqueID>${uniqueId}</uniqueID>
              <CustomData xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
                <a:KeyValueOfstringanyType><a:Key>DoseOnCamera</a:Key><a:Value i:type="b:double" %1$s>${doseOnCamera}</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Aperture[C1].Name</a:Key><a:Value i:type="b:string" %1$s>2000</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Aperture[C2].Name</a:Key><a:Value i:type="b:string" %1$s>50</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Aperture[C3].Name</a:Key><a:Value i:type="b:string" %1$s>None</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Aperture[OBJ].Name</a:Key><a:Value i:type="b:string" %1$s>${objectiveAperture}</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Aperture[SA].Name</a:Key><a:Value i:type="b:string" %1$s>None</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>StemMagnification</a:Key><a:Value i:type="b:boolean" %1$s>false</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Detectors[EF-CCD].CommercialName</a:Key><a:Value i:type="b:string" %1$s>%2$s</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Detectors[EF-CCD].ElectronCounted</a:Key><a:Value i:type="b:boolean" %1$s>true</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>DoseRate</a:Key><a:Value i:type="b:double" %1$s>${doseRate}</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>IlluminationIntensity</a:Key><a:Value i:type="b:double" %1$s>0</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>Dose</a:Key><a:Value i:type="b:double" %1$s>${dose}</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>PhasePlateUsed</a:Key><a:Value i:type="b:boolean" %1$s>false</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>BinaryResult.Detector</a:Key><a:Value i:type="b:string" %1$s>EF-CCD</a:Value></a:KeyValueOfstringanyType>
                <a:KeyValueOfstringanyType><a:Key>DetectorCommercialName</a:Key><a:Value i:type="b:string" %1$s>%2$s</a:Value></a:KeyValueOfstringanyType>
                ${foilHoleCenter}
                <a:KeyValueOfstringanyType><a:Key>AppliedDefocus</a:Key><a:Value i:type="b:double" %1$s>${appliedDefocus}</a:Value></a:KeyValueOfstringanyType>
              </CustomData>
              <IntensityScale i:nil="true"/>
              <ReferenceTransformation>
                <matrix xmlns:a="http://schemas.datacontract.org/2004/07/System.Windows.Media"><a:_m11>${m11}</a:_m11><a:_m12>${m12}</a:_m12><a:_m21>${m12}</a:_m21><a:_m22>${m22}</a:_m22><a:_offsetX>0</a:_offsetX><a:_offsetY>0</a:_offsetY><a:_padding>0</a:_padding><a:_type>TRANSFORM_IS_UNKNOWN</a:_type></matrix>
                %3$s
              </ReferenceTransformation>
              <SpatialScale>
                <offset><x><numericValue>0</numericValue>%3$s</x><y><numericValue>0</numericValue>%3$s</y></offset>
                <pixelSize><x><numericValue>${pixelSize}</numericValue>%3$s</x><y><numericValue>${pixelSize}</numericValue>%3$s</y></pixelSize>
              </SpatialScale>
              <microscopeData>
                <acquisition>
                  <acquisitionDateTime>${acquired}</acquisitionDateTime>
                  <analyticalDetectors/>
                  <camera>
                    <Binning xmlns:a="http://schemas.datacontract.org/2004/07/System.Drawing"><a:x>${binning}</a:x><a:y>${binning}</a:y></Binning>
                    <CameraLocation>EnergyFilter</CameraLocation>
                    <CameraSpecificInput xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
                      <a:KeyValueOfstringanyType><a:Key>AlignIntegratedImageEnabled</a:Key><a:Value i:type="b:boolean" %1$s>false</a:Value></a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>SuperResolutionFactor</a:Key><a:Value i:type="b:long" %1$s>${superResolution}</a:Value></a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>FractionationSettings</a:Key>${fractionation}</a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>ElectronCountingEnabled</a:Key><a:Value i:type="b:boolean" %1$s>true</a:Value></a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>ApplyDefinedShutter</a:Key><a:Value i:type="b:boolean" %1$s>true</a:Value></a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>CetaFramesSummed</a:Key><a:Value i:type="b:long" %1$s>1</a:Value></a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>CetaNoiseReductionEnabled</a:Key><a:Value i:type="b:boolean" %1$s>false</a:Value></a:KeyValueOfstringanyType>
                      <a:KeyValueOfstringanyType><a:Key>FixedReadoutArea</a:Key><a:Value i:type="b:string" %1$s>Full</a:Value></a:KeyValueOfstringanyType>
                    </CameraSpecificInput>
                    <DarkGainCorrection>None</DarkGainCorrection>
                    <ExposureTime>${exposureTime}</ExposureTime>
                    <FixedReadoutArea>Full</FixedReadoutArea>
                    <Inserted>true</Inserted>
                    <Name>EF-CCD</Name>
                    <PreExposurePauseTime>0</PreExposurePauseTime>
                    <PreExposureSupported>false</PreExposureSupported>
                    <PreExposureTime>0</PreExposureTime>
                    <ReadoutArea xmlns:a="http://schemas.datacontract.org/2004/07/System.Drawing"><a:height>${readoutHeight}</a:height><a:width>${readoutWidth}</a:width><a:x>0</a:x><a:y>0</a:y></ReadoutArea>
                    <Shutter>PreSpecimen</Shutter>
                  </camera>
                  <plateCamera><ExposureTime>0</ExposureTime><Use>false</Use></plateCamera>
                  <scanSettings>
                    <DwellTime>0</DwellTime>
                    <ReducedArea i:nil="true" xmlns:a="http://schemas.datacontract.org/2004/07/System.Drawing"/>
                    <Resolution xmlns:a="http://schemas.datacontract.org/2004/07/System.Drawing"><a:height>0</a:height><a:width>0</a:width></Resolution>
                    <ScanArea xmlns:a="http://schemas.datacontract.org/2004/07/System.Drawing"><a:height>0</a:height><a:width>0</a:width><a:x>0</a:x><a:y>0</a:y></ScanArea>
                    <ScanRotation>0</ScanRotation>
                  </scanSettings>
                  <scanningDetector><DetectorType>SecondaryElectrons</DetectorType><Gain i:nil="true"/><Inserted>false</Inserted><Name i:nil="true"/><Offset i:nil="true"/></scanningDetector>
                </acquisition>
                <core><ApplicationSoftware>EPU</ApplicationSoftware><ApplicationSoftwareVersion>3.9.1.8206</ApplicationSoftwareVersion><Guid>${guid}</Guid></core>
                <gun><AccelerationVoltage>300000</AccelerationVoltage><ExtractorVoltage>4250</ExtractorVoltage><Filament i:nil="true"/><GunLens>4</GunLens><Sourcetype>FieldEmission</Sourcetype><WehneltBias i:nil="true"/></gun>
                <instrument><AcquisitionSoftware i:nil="true"/><AcquisitionSoftwareVersion i:nil="true"/><ComputerName>%4$s</ComputerName><InstrumentID>%5$s</InstrumentID><InstrumentModel>%4$s</InstrumentModel></instrument>
                <optics>
                  <Apertures i:nil="true"/>
                  <BeamConvergence i:nil="true"/>
                  <BeamDiameter>${beamDiameter}</BeamDiameter>
                  <BeamShift xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0</a:_x><a:_y>0</a:_y></BeamShift>
                  <BeamTilt xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0.011411165818572044</a:_x><a:_y>-0.014905801042914391</a:_y></BeamTilt>
                  <Cameralength>0</Cameralength>
                  <ColumnOperatingMode>TEM</ColumnOperatingMode>
                  <ColumnOperatingTemSubMode>BrightField</ColumnOperatingTemSubMode>
                  <CondenserStigmator xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0</a:_x><a:_y>0</a:_y></CondenserStigmator>
                  <Defocus>${defocus}</Defocus>
                  <DiffractionFocus>0</DiffractionFocus>
                  <DiffractionShift xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0</a:_x><a:_y>0</a:_y></DiffractionShift>
                  <DiffractionStigmator xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0</a:_x><a:_y>0</a:_y></DiffractionStigmator>
                  <EFTEMOn>${eftemOn}</EFTEMOn>
                  <EnergyFilter><AccelerationVoltageOffset>0</AccelerationVoltageOffset><DriftTubeVoltage>0</DriftTubeVoltage><EnergySelectionSlitInserted>${slitInserted}</EnergySelectionSlitInserted><EnergySelectionSlitWidth>20</EnergySelectionSlitWidth><EnergyShift>-0</EnergyShift><EntranceApertureDiameter i:nil="true"/><EntranceApertureType i:nil="true"/></EnergyFilter>
                  <Focus>-8.1103438580526293E-05</Focus>
                  <GunStigmator i:nil="true" xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"/>
                  <IlluminationMode>Parallel</IlluminationMode>
                  <IlluminationProbeSubMode i:nil="true"/>
                  <ImageShift xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0</a:_x><a:_y>0</a:_y></ImageShift>
                  <Intensity>0</Intensity>
                  <ObjectiveLensMode>${lensMode}</ObjectiveLensMode>
                  <ObjectiveStigmator xmlns:a="http://schemas.datacontract.org/2004/07/Fei.Types"><a:_x>0</a:_x><a:_y>0</a:_y></ObjectiveStigmator>
                  <ProbeMode>${probeMode}</ProbeMode>
                  <ProjectorMode>Imaging</ProjectorMode>
                  <SpotIndex>5</SpotIndex>
                  <StemDefocus>0</StemDefocus>
                  <StemFieldOfView i:nil="true"/>
                  <StemMagnification i:nil="true"/>
                  <TemMagnification><NominalMagnification>${magnification}</NominalMagnification></TemMagnification>
                  <XLModeOn>false</XLModeOn>
                </optics>
                <sample><Description i:nil="true"/><ID i:nil="true"/></sample>
                <stage>
                  <Holder>Unspecified</Holder>
                  <Position><A>-0.00043148193122001131</A><B>0.0168283325</B><X>${stageX}</X><Y>${stageY}</Y><Z>${stageZ}</Z></Position>
                  <SampleLoader>None</SampleLoader>
                </stage>
                <vacuum><ProjectionChamberPressure>0</ProjectionChamberPressure><SamplePressure>0</SamplePressure><VacuumMode>Ready</VacuumMode></vacuum>
              </microscopeData>
            </MicroscopeImage>
            """.formatted(
                    B_XS,
                    DETECTOR,
                    "<unit xmlns:a=\"http://schemas.datacontract.org/2004/07/Fei.Common.Types\">"
                            + "<a:_x003C_PrefixExponent_x003E_k__BackingField>1</a:_x003C_PrefixExponent_x003E_k__BackingField>"
                            + "<a:_x003C_Symbol_x003E_k__BackingField>m</a:_x003C_Symbol_x003E_k__BackingField></unit>",
                    INSTRUMENT_MODEL,
                    INSTRUMENT_ID));

    /** The {@code FindFoilHoleCenterResults} custom-data entry of foil-hole manifests (a {@code Fei.Types.Shape2D}). */
    static String foilHoleCenter(String x, String y, String diameter, String quality) {
        return "<a:KeyValueOfstringanyType><a:Key>FindFoilHoleCenterResults</a:Key>"
                + "<a:Value i:type=\"b:Shape2D\" xmlns:b=\"http://schemas.datacontract.org/2004/07/Fei.Types\">"
                + "<b:Center xmlns:c=\"http://schemas.datacontract.org/2004/07/System.Drawing\"><c:x>" + x
                + "</c:x><c:y>" + y + "</c:y></b:Center><b:Quality>" + quality + "</b:Quality>"
                + "<b:Rotation>-3.086187417975387</b:Rotation><b:Shear>0</b:Shear>"
                + "<b:Size xmlns:c=\"http://schemas.datacontract.org/2004/07/System.Drawing\"><c:height>" + diameter
                + "</c:height><c:width>" + diameter + "</c:width></b:Size></a:Value></a:KeyValueOfstringanyType>";
    }

    private ManifestXml() {}

    static void write(Appendable out, Image image) throws IOException {
        double pixel = Double.parseDouble(image.pixelSize());
        Map<String, String> values = new HashMap<>(48);
        values.put("uniqueId", image.uniqueId());
        values.put("acquired", image.acquired());
        values.put("doseOnCamera", image.doseOnCamera());
        values.put("doseRate", image.doseRate());
        values.put("dose", image.dose());
        values.put("appliedDefocus", image.appliedDefocus());
        values.put("foilHoleCenter", image.foilHoleCenter());
        values.put("objectiveAperture", image.magnification() > 10_000 ? "100" : "None");
        values.put("m11", NetFormat.number(-pixel * 0.4992));
        values.put("m12", NetFormat.number(-pixel * 0.0287));
        values.put("m22", NetFormat.number(pixel * 0.4992));
        values.put("pixelSize", image.pixelSize());
        values.put("binning", Integer.toString(image.binning()));
        values.put("superResolution", image.fractionated() ? "2" : "1");
        values.put(
                "fractionation",
                image.fractionated()
                        ? "<a:Value i:type=\"b:EquidistantFractionation\" xmlns:b=\"http://schemas.datacontract.org/2004/07/"
                                + "Fei.Applications.Common.Omp.Interface\"><b:NumberOffractions>50</b:NumberOffractions></a:Value>"
                        : "<a:Value i:nil=\"true\"/>");
        values.put("exposureTime", image.exposureTime());
        values.put("readoutWidth", Integer.toString(image.readoutWidth()));
        values.put("readoutHeight", Integer.toString(image.readoutHeight()));
        values.put("guid", image.guid());
        values.put("beamDiameter", image.beamDiameter());
        values.put("defocus", image.defocus());
        values.put("eftemOn", Boolean.toString(image.eftemOn()));
        values.put("slitInserted", Boolean.toString(image.slitInserted()));
        values.put("lensMode", image.lensMode());
        values.put("probeMode", image.probeMode());
        values.put("magnification", Integer.toString(image.magnification()));
        values.put("stageX", image.stageX());
        values.put("stageY", image.stageY());
        values.put("stageZ", image.stageZ());
        TEMPLATE.render(out, new Template.ZIds(), values);
    }
}
