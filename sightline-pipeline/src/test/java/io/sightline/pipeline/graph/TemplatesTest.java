package io.sightline.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.pipeline.jobtype.Acquisition;
import io.sightline.pipeline.jobtype.AcquisitionField;
import io.sightline.pipeline.jobtype.JobTypes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    @Test
    void everyStandardTemplateIsAValidGraphOnceThePixelSizeIsKnown() throws Exception {
        Acquisition a = Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 1.1);
        for (PipelineSpec t : Templates.standard().all()) {
            assertThat(PipelineGraph.build(t, JobTypes.standard(), a).jobs()).hasSameSizeAs(t.jobs());
        }
    }

    @Test
    void parameterOverridesReachTheirJobOnly() throws Exception {
        PipelineSpec spa = Templates.withParameters(
                Templates.standard().find("spa-preprocessing").orElseThrow(),
                Map.of("class2d", Map.of("classes", "20")));
        PipelineGraph g = PipelineGraph.build(
                spa, JobTypes.standard(), Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 1.1));
        assertThat(g.job("class2d").orElseThrow().parameters().text("classes")).isEqualTo("20");
        assertThat(g.job("ctf").orElseThrow().parameters().text("box")).isEqualTo("512");
    }
}
