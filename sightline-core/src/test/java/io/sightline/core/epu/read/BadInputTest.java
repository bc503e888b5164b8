package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken input: each gives the right typed error with file and position, nothing unchecked. */
class BadInputTest {

    private static final String EPU = "http://schemas.datacontract.org/2004/07/Applications.Epu.Persistence";
    private static final String COMMON = "http://schemas.datacontract.org/2004/07/Fei.Applications.Common.Types";
    private static final Path NAME = Path.of("grid", "EpuSession.dm");

    private static String session(String body) {
        return "<?xml version=\"1.0\"?>\n<EpuSessionXml xmlns=\"" + EPU + "\">\n" + body + "\n</EpuSessionXml>\n";
    }

    private static EpuReadException readSession(String xml, String parser) {
        EpuSessionReader r = new EpuSessionReader(RealSampleReadersTest.xml(parser));
        return catchThrowableOfType(
                EpuReadException.class,
                () -> r.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), NAME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void aTruncatedDocumentIsIncompleteWithItsPosition(String parser) {
        String full = session("<Id xmlns=\"" + COMMON + "\">42</Id><Name>abc</Name>");
        EpuReadException e = readSession(full.substring(0, full.indexOf("<Name>") + 4), parser);

        assertThat(e).isInstanceOf(EpuReadException.Incomplete.class);
        assertThat(e.file()).isEqualTo(NAME);
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).startsWith(NAME.toString()).contains("still being written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void aTruncatedNumberIsIncompleteNotMalformed(String parser) {
        String full = session("<Id xmlns=\"" + COMMON + "\">9015527</Id>");
        EpuReadException e = readSession(full.substring(0, full.indexOf("9015527") + 4), parser);

        assertThat(e).isInstanceOf(EpuReadException.Incomplete.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void anEmptyFileIsIncompleteBecauseEpuCreatesFilesBeforeWritingThem(String parser) {
        assertThat(readSession("", parser)).isInstanceOf(EpuReadException.Incomplete.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void binaryGarbageIsMalformed(String parser) {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        junk[0] = 'Q'; // not '<', so no parser mistakes it for a truncated tag
        EpuSessionReader r = new EpuSessionReader(RealSampleReadersTest.xml(parser));
        EpuReadException e =
                catchThrowableOfType(EpuReadException.class, () -> r.read(new ByteArrayInputStream(junk), NAME));

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.file()).isEqualTo(NAME);
        assertThat(e.line()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void theRightRootInAWrongNamespaceIsMalformed(String parser) {
        String xml = "<EpuSessionXml xmlns=\"urn:not-epu\"><Id>1</Id></EpuSessionXml>";
        EpuReadException e = readSession(xml, parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.problem()).contains("urn:not-epu").contains(EPU);
        assertThat(e.line()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void aPrefixBoundDifferentlyStillMatchesByNamespace(String parser) throws Exception {
        String xml = "<q:EpuSessionXml xmlns:q=\"" + EPU + "\" xmlns:w=\"" + COMMON + "\"><w:Id>77</w:Id>"
                + "<q:Name>n</q:Name><Name>wrong namespace, ignored</Name></q:EpuSessionXml>";
        var s = new EpuSessionReader(RealSampleReadersTest.xml(parser))
                .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), NAME);

        assertThat(s.id()).isEqualTo(77L);
        assertThat(s.name()).isEqualTo("n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void anyDtdIsRefusedAsMalformed(String parser) {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE EpuSessionXml []>"
                + session("").substring(21);
        EpuReadException e = readSession(xml, parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.problem()).containsIgnoringCase("DTD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void theBillionLaughsEntityBombIsRefusedWithoutExpansion(String parser) {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>");
        String xml = dtd + "<EpuSessionXml xmlns=\"" + EPU + "\"><Name>&lol9;</Name></EpuSessionXml>";
        EpuReadException e = readSession(xml, parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.file()).isEqualTo(NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void anExternalEntityIsNeverFetched(String parser, @TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<EpuSessionXml xmlns=\"" + EPU + "\"><Name>&x;</Name></EpuSessionXml>";
        EpuReadException e = readSession(xml, parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void anUndeclaredEntityWithoutDtdIsMalformed(String parser) {
        EpuReadException e = readSession(session("<Name>&x;</Name>"), parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void anIdThatOverflowsALongIsMalformedWithItsPosition(String parser) {
        EpuReadException e = readSession(session("<Id xmlns=\"" + COMMON + "\">99999999999999999999999</Id>"), parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.problem()).contains("Id").contains("99999999999999999999999");
        assertThat(e.line()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void aDoubleThatOverflowsIsMalformed(String parser) {
        EpuReadException e = readSession(
                session("<Id xmlns=\"" + COMMON + "\">1</Id><ClusteringRadius>1e999</ClusteringRadius>"), parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.problem()).contains("overflows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void aSessionWithoutIdIsUnsupported(String parser) {
        EpuReadException e = readSession(session("<Name>x</Name>"), parser);

        assertThat(e).isInstanceOf(EpuReadException.Unsupported.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void anElementWhereAValueBelongsIsUnsupported(String parser) {
        EpuReadException e = readSession(session("<Id xmlns=\"" + COMMON + "\"><nested/></Id>"), parser);

        assertThat(e).isInstanceOf(EpuReadException.Unsupported.class);
        assertThat(e.problem()).contains("nested");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sightline", "woodstox", "aalto", "jdk"})
    void trailingGarbageAfterTheRootIsMalformed(String parser) {
        EpuReadException e = readSession(session("<Id xmlns=\"" + COMMON + "\">1</Id>") + "<more/>", parser);

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
    }

    @Test
    void aMissingFileIsUnreadable(@TempDir Path dir) {
        Path missing = dir.resolve("EpuSession.dm");
        EpuReadException e = catchThrowableOfType(EpuReadException.class, () -> new EpuSessionReader().read(missing));

        assertThat(e).isInstanceOf(EpuReadException.Unreadable.class);
        assertThat(e.file()).isEqualTo(missing);
    }

    @Test
    void aManifestWhosePathCarriesNoIdsIsUnsupported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("whatever.xml");
        Files.writeString(f, "<MicroscopeImage xmlns=\"http://schemas.datacontract.org/2004/07/Fei.SharedObjects\"/>");
        EpuReadException e = catchThrowableOfType(EpuReadException.class, () -> new MicrographManifestReader().read(f));

        assertThat(e).isInstanceOf(EpuReadException.Unsupported.class);
        assertThat(e.problem()).contains("micrograph manifest");
    }

    @Test
    void aMicrographWithAnAbsurdReadoutIsMalformed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("GridSquare_1").resolve("Data");
        Files.createDirectories(f);
        f = f.resolve("FoilHole_2_Data_3_4_20250108_154915.xml");
        Files.writeString(
                f,
                "<MicroscopeImage xmlns=\"http://schemas.datacontract.org/2004/07/Fei.SharedObjects\""
                        + " xmlns:d=\"http://schemas.datacontract.org/2004/07/System.Drawing\"><uniqueID>u</uniqueID>"
                        + "<microscopeData><acquisition><camera><ReadoutArea><d:width>1e300</d:width><d:height>5</d:height>"
                        + "</ReadoutArea></camera></acquisition></microscopeData></MicroscopeImage>");
        Path file = f;
        EpuReadException e =
                catchThrowableOfType(EpuReadException.class, () -> new MicrographManifestReader().read(file));

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.column()).isPositive();
    }
}
