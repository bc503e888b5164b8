package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void joinsIndentedTemplateIntoOneLineAndNumbersZIdsInDocumentOrder() throws IOException {
        Template template = Template.compile("""
                <Root z:Id="1">
                  <Name z:Id="${z:name}">${name}</Name>
                  <Other z:Id="${z}"/>
                  ${extra}
                  <Ref z:Ref="${ref:name}" i:nil="true"/>
                </Root>
                """);
        StringBuilder out = new StringBuilder();
        template.render(out, new Template.ZIds(), Map.of("name", "a b", "extra", "<X/>"));
        assertThat(out.toString())
                .isEqualTo(
                        "<Root z:Id=\"1\"><Name z:Id=\"2\">a b</Name><Other z:Id=\"3\"/><X/><Ref z:Ref=\"2\" i:nil=\"true\"/></Root>");
    }

    @Test
    void missingValueIsAnErrorNamingThePlaceholder() {
        Template template = Template.compile("<a>${missing}</a>");
        assertThatThrownBy(() -> template.render(new StringBuilder(), new Template.ZIds(), Map.of()))
                .hasMessageContaining("${missing}");
    }
}
