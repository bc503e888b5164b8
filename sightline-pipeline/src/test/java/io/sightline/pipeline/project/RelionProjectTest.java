package io.sightline.pipeline.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.relion.DefaultPipeline;
import io.sightline.core.relion.JobStar;
import io.sightline.core.relion.PipelineEdge;
import io.sightline.core.relion.PipelineNode;
import io.sightline.core.relion.PipelineProcess;
import io.sightline.core.relion.ProcessStatus;
import io.sightline.core.relion.RelionFiles;
import io.sightline.pipeline.graph.JobSpec;
import io.sightline.pipeline.graph.PipelineGraph;
import io.sightline.pipeline.graph.PipelineSpec;
import io.sightline.pipeline.jobtype.Acquisition;
import io.sightline.pipeline.jobtype.AcquisitionField;
import io.sightline.pipeline.jobtype.JobTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelionProjectTest {
    @TempDir
    Path root;

    private final RelionFiles files = new RelionFiles();

    @Test
    void jobsBecomeProcessesNodesAndEdgesThatRelionFilesReadBack() throws Exception {
        PipelineGraph g = PipelineGraph.build(
                new PipelineSpec(
                        "spa",
                        "",
                        List.of(
                                JobSpec.of("import", "spa.import"),
                                new JobSpec("motion", "spa.motioncorr", Map.of("patch_x", "7"), Map.of()))),
                JobTypes.standard(),
                Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 0.83));
        RelionProject project = RelionProject.open(root, files);

        String importDir = project.addJob(g.jobs().get(0), Map.of(), "relion_import");
        String motionDir =
                project.addJob(g.jobs().get(1), Map.of("movies", importDir + "movies.star"), "relion_run_motioncorr");
        project.setStatus(importDir, ProcessStatus.SUCCEEDED);

        assertThat(importDir).isEqualTo("Import/job001/");
        assertThat(motionDir).isEqualTo("External/job002/");
        DefaultPipeline onDisk = files.pipeline(root.resolve(RelionProject.PIPELINE_FILE));
        assertThat(onDisk.jobCounter()).isEqualTo(3);
        assertThat(onDisk.processes())
                .containsExactly(
                        new PipelineProcess("Import/job001/", null, "relion.import.movies", ProcessStatus.SUCCEEDED),
                        new PipelineProcess("External/job002/", null, "relion.external", ProcessStatus.SCHEDULED));
        assertThat(onDisk.nodes())
                .extracting(PipelineNode::name)
                .containsExactly("Import/job001/movies.star", "External/job002/corrected_micrographs.star");
        assertThat(onDisk.inputEdges())
                .containsExactly(new PipelineEdge("Import/job001/movies.star", "External/job002/"));
        assertThat(onDisk.outputEdges())
                .contains(new PipelineEdge("External/job002/corrected_micrographs.star", "External/job002/"));

        JobStar motion = files.job(root.resolve(motionDir).resolve("job.star"));
        assertThat(motion.type()).isEqualTo("relion.external");
        assertThat(motion.option("fn_exe")).contains("relion_run_motioncorr");
        assertThat(motion.option("movies")).contains("Import/job001/movies.star");
        assertThat(motion.option("patch_x")).contains("7");
        assertThat(files.job(root.resolve(importDir).resolve("job.star")).option("angpix"))
                .contains("0.83");
    }

    @Test
    void aReopenedProjectContinuesItsJobNumbers() throws Exception {
        PipelineGraph g = PipelineGraph.build(
                new PipelineSpec("t", "", List.of(JobSpec.of("import", "tomo.import"))),
                JobTypes.standard(),
                Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 1.2));
        RelionProject.open(root, files).addJob(g.jobs().getFirst(), Map.of(), "relion_python_tomo_import");

        String second = RelionProject.open(root, files).addJob(g.jobs().getFirst(), Map.of(), "x");

        assertThat(second).isEqualTo("Import/job002/");
        assertThat(files.job(root.resolve(second).resolve("job.star")).isTomo()).isTrue();
    }
}
