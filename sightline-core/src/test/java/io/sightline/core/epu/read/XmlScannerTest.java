package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.stream.XMLStreamConstants;
import org.junit.jupiter.api.Test;

/** What the scanner refuses, and how it says where; the agreement with Aalto is a property test. */
class XmlScannerTest {

    private static final Path FILE = Path.of("x.xml");

    private static EpuReadException failure(byte[] xml) {
        return catchThrowableOfType(EpuReadException.class, () -> {
            XmlSource s = EpuXml.sightline().open(new ByteArrayInputStream(xml), FILE);
            while (s.next() != XMLStreamConstants.END_DOCUMENT) {
                // read to the end
            }
        });
    }

    private static EpuReadException failure(String xml) {
        return failure(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void otherEncodingsAreUnsupportedNamingUtf8() {
        assertThat(failure("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>"))
                .isInstanceOf(EpuReadException.Unsupported.class)
                .hasMessageContaining("ISO-8859-1")
                .hasMessageContaining("UTF-8");
        assertThat(failure("<r/>".getBytes(StandardCharsets.UTF_16))).isInstanceOf(EpuReadException.Unsupported.class);
        assertThat(failure("<r/>".getBytes(StandardCharsets.UTF_16LE)))
                .isInstanceOf(EpuReadException.Unsupported.class);
        assertThat(failure("<?xml version=\"1.1\"?><r/>")).isInstanceOf(EpuReadException.Unsupported.class);
    }

    @Test
    void aMismatchedEndTagIsMalformedAtItsLineAndColumn() {
        EpuReadException e = failure("<r>\n  <a>1</a>\n  <b>é</c>\n</r>");

        assertThat(e).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(e.problem()).contains("</c>").contains("<b>");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(9);
    }

    @Test
    void aCutAnywhereIsIncomplete() {
        String xml = "<?xml version=\"1.0\"?><r xmlns=\"urn:x\" a='&amp;'><![CDATA[c]]><!--c--><?p d?>&#x3A9;é</r>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] head = java.util.Arrays.copyOf(bytes, cut);
            assertThat(failure(head)).as("cut at %d", cut).isInstanceOf(EpuReadException.Incomplete.class);
        }
        assertThat(failure(bytes)).isNull();
    }

    @Test
    void duplicateAttributesAreMalformedAlsoAmongVeryMany() {
        StringBuilder many = new StringBuilder("<r xmlns:p=\"urn:x\" xmlns:q=\"urn:x\"");
        for (int i = 0; i < 200; i++) {
            many.append(" a").append(i).append("=\"").append(i).append('"');
        }
        assertThat(failure(many + "/>")).isNull();
        assertThat(failure(many + " a17=\"again\"/>"))
                .isInstanceOf(EpuReadException.Malformed.class)
                .hasMessageContaining("duplicate attribute a17");
        assertThat(failure(many + " p:z=\"1\" q:z=\"2\"/>")).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(failure("<r xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:z=\"1\" q:z=\"2\"/>"))
                .isInstanceOf(EpuReadException.Malformed.class);
    }

    @Test
    void namespaceDeclarationsAreScopedToTheirElement() throws Exception {
        String xml = "<r xmlns=\"urn:a\"><s xmlns=\"urn:b\"><t/></s><t/><p:t xmlns:p=\"urn:b\"/></r>";
        XmlSource s = EpuXml.sightline().open(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), FILE);
        StringBuilder seen = new StringBuilder();
        for (int ev = s.next(); ev != XMLStreamConstants.END_DOCUMENT; ev = s.next()) {
            if (ev == XMLStreamConstants.START_ELEMENT) {
                seen.append(s.namespace()).append(' ').append(s.localName()).append(';');
            }
        }
        assertThat(seen).hasToString("urn:a r;urn:b s;urn:b t;urn:a t;urn:b t;");
    }
}
