package io.sightline.core.relion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarSamples;
import io.sightline.core.star.StarWriter;
import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** job.star, scheme.star and default_pipeline.star: read from real files, edited, created. */
class RelionViewsTest {

    private final RelionFiles relion = new RelionFiles();

    @TempDir
    Path tmp;

    private static StarFile star(String text) throws TextReadException {
        return new StarReader()
                .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Path.of("t.star"));
    }

    /** Indexes of the lines that differ; both texts must have as many lines. */
    private static List<Integer> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        assertThat(b).hasSameSizeAs(a);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(i + 1);
            }
        }
        return changed;
    }

    @Test
    void cryoBoostsImportJobReadsWithItsOptions() throws TextReadException {
        JobStar job = relion.job(StarSamples.file("crboost-server/importmovies_job.star"));

        assertThat(job.type()).isEqualTo("relion.importtomo");
        assertThat(job.isContinue()).isTrue();
        assertThat(job.isTomo()).isTrue();
        assertThat(job.option("movie_files")).contains("./frames/*.eer");
        assertThat(job.option("tilt_axis_angle")).contains("-95");
        assertThat(job.option("optics_group_name")).contains("");
        assertThat(job.option("qsub_extra5")).contains("");
        assertThat(job.options()).hasSize(25);
    }

    @Test
    void relion5TomoRefineJobKeepsAQuotedValue() throws TextReadException {
        JobStar job = relion.job(StarSamples.file("cylindra/refine3d_tomo_job.star"));

        assertThat(job.type()).isEqualTo("relion.refine3d.tomo");
        assertThat(job.isContinue()).isFalse();
        assertThat(job.option("auto_local_sampling")).contains("3.7 degrees");
        assertThat(job.option("fn_mask")).contains("");
    }

    @Test
    void settingAnOptionChangesOnlyItsLine() throws IOException, TextReadException {
        Path sample = StarSamples.file("crboost-server/importmovies_job.star");
        String before = Files.readString(sample);
        JobStar job = relion.job(sample);

        JobStar edited = job.withOption("angpix", "1.35");

        String after = StarWriter.toString(edited.star());
        int line = before.lines().toList().indexOf("angpix       2.93 ") + 1;
        assertThat(changedLines(before, after)).containsExactly(line);
        assertThat(edited.option("angpix")).contains("1.35");
        assertThat(JobStar.of(star(after), sample))
                .usingRecursiveComparison()
                .ignoringFields("star")
                .isEqualTo(edited);
    }

    @Test
    void aNewJobReadsBackAndRelionsTwoColumnEmptyValueIsQuoted() throws TextReadException {
        JobStar job = JobStar.create(
                "relion.external",
                false,
                true,
                List.of(new JobOption("fn_exe", "python3 drivers/ctf.py --x 1"), new JobOption("in_mic", "")));

        String text = StarWriter.toString(job.star());
        JobStar back = JobStar.of(star(text), Path.of("job.star"));

        assertThat(text).contains("# version 50001").contains("in_mic \"\"");
        assertThat(back.type()).isEqualTo("relion.external");
        assertThat(back.isTomo()).isTrue();
        assertThat(back.options()).isEqualTo(job.options());
        assertThat(back.withOption("new_opt", "x y").option("new_opt")).contains("x y");
    }

    @Test
    void cryoBoostsSchemeReadsWithJobsEdgesAndOperators() throws TextReadException {
        Scheme scheme = relion.scheme(StarSamples.file("crboost-server/warp_tomo_prep_scheme.star"));

        assertThat(scheme.name()).isEqualTo("Schemes/warp_tomo_prep/");
        assertThat(scheme.currentNode()).isEqualTo("WAIT");
        assertThat(scheme.floats())
                .extracting(SchemeVariable::name)
                .containsExactly("do_at_most", "maxtime_hr", "wait_sec");
        assertThat(scheme.bools()).isEmpty();
        assertThat(scheme.operators()).contains(new SchemeOperator("WAIT", "wait", null, "wait_sec", null));
        assertThat(scheme.jobs()).hasSize(12).allMatch(j -> j.mode().equals("continue") && !j.hasStarted());
        assertThat(scheme.edges().get(0)).isEqualTo(SchemeEdge.of("WAIT", "EXIT_maxtime"));
        assertThat(scheme.edges().get(scheme.edges().size() - 1)).isEqualTo(SchemeEdge.of("subtomoExtraction", "EXIT"));
    }

    @Test
    void markingASchemeJobStartedChangesOnlyItsLine() throws IOException, TextReadException {
        Path sample = StarSamples.file("crboost-server/relion_tomo_prep_scheme.star");
        String before = Files.readString(sample);
        Scheme scheme = relion.scheme(sample);

        Scheme edited = scheme.withJobStarted("ctffind", true).withCurrentNode("ctffind");

        assertThat(edited.job("ctffind").orElseThrow().hasStarted()).isTrue();
        assertThat(edited.job("motioncorr").orElseThrow().hasStarted()).isFalse();
        List<String> lines = before.lines().toList();
        int job = lines.indexOf("ctffind    ctffind   continue            0 ") + 1;
        int current = lines.indexOf("_rlnSchemeCurrentNodeName            WAIT") + 1;
        assertThat(changedLines(before, StarWriter.toString(edited.star()))).containsExactlyInAnyOrder(job, current);
        assertThatThrownBy(() -> scheme.withJobStarted("nothing", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewSchemeInCryoBoostsShapeReadsBack() throws TextReadException {
        Scheme scheme = Scheme.create(
                "Schemes/run_20260101_120000/",
                "importmovies",
                List.of(new SchemeVariable("do_at_most", "500", "500"), new SchemeVariable("wait_sec", "10", "10")),
                List.of(),
                List.of(),
                List.of(
                        new SchemeOperator("EXIT", "exit", null, null, null),
                        new SchemeOperator("WAIT", "wait", null, "wait_sec", null)),
                List.of(new SchemeJob("importmovies", "importmovies", "new", false)),
                List.of(SchemeEdge.of("importmovies", "EXIT")));

        Scheme back = Scheme.of(star(StarWriter.toString(scheme.star())), Path.of("scheme.star"));

        assertThat(back).usingRecursiveComparison().ignoringFields("star").isEqualTo(scheme);
        assertThat(back.operators().get(1).input1()).isEqualTo("wait_sec");
        assertThat(back.star().block("scheme_bools")).isEmpty();
    }

    @Test
    void relion3PipelineReadsWithNumericTypesAndStatuses() throws TextReadException {
        DefaultPipeline pipeline = relion.pipeline(StarSamples.file("teamtomo-starfile/default_pipeline.star"));

        assertThat(pipeline.jobCounter()).isEqualTo(32);
        assertThat(pipeline.processes()).hasSize(31);
        assertThat(pipeline.processes().get(0))
                .isEqualTo(new PipelineProcess("Import/job001/", "Import/movies/", "0", ProcessStatus.SUCCEEDED));
        assertThat(pipeline.nodes().get(0)).isEqualTo(new PipelineNode("Import/job001/movies.star", "0", null));
        assertThat(pipeline.inputEdges()).contains(new PipelineEdge("Import/job001/movies.star", "MotionCorr/job002/"));
        assertThat(pipeline.outputEdges()).contains(new PipelineEdge("Import/job001/movies.star", "Import/job001/"));
    }

    @Test
    void settingAStatusInARelion3PipelineWritesItsCodeOnItsLineOnly() throws IOException, TextReadException {
        Path sample = StarSamples.file("teamtomo-starfile/default_pipeline.star");
        String before = Files.readString(sample);
        DefaultPipeline pipeline = relion.pipeline(sample);

        DefaultPipeline edited = pipeline.withStatus("CtfFind/job003/", ProcessStatus.FAILED);

        String after = StarWriter.toString(edited.star());
        int line = before.lines().toList().indexOf("CtfFind/job003/ CtfFind/ctffind4/            2            2 ") + 1;
        assertThat(changedLines(before, after)).containsExactly(line);
        assertThat(after.lines().toList().get(line - 1)).isEqualTo("CtfFind/job003/ CtfFind/ctffind4/ 2 3");
        assertThat(edited.process("CtfFind/job003/").orElseThrow().status()).isEqualTo(ProcessStatus.FAILED);
    }

    @Test
    void aNewRelion5PipelineGrowsAndLosesAJobAsRelionDoes() throws IOException, TextReadException {
        DefaultPipeline pipeline = DefaultPipeline.create(1)
                .with(new PipelineProcess("Import/job001/", null, "relion.importtomo", ProcessStatus.SUCCEEDED))
                .with(new PipelineNode(
                        "Import/job001/tilt_series.star", "TomogramGroupMetadata.star.relion.tomo.import", 1))
                .withOutputEdge(new PipelineEdge("Import/job001/tilt_series.star", "Import/job001/"))
                .with(new PipelineProcess("External/job002/", null, "relion.external", ProcessStatus.RUNNING))
                .with(new PipelineNode("External/job002/fs_motion_and_ctf.star", "TomogramGroupMetadata.star", 1))
                .withInputEdge(new PipelineEdge("Import/job001/tilt_series.star", "External/job002/"))
                .withOutputEdge(new PipelineEdge("External/job002/fs_motion_and_ctf.star", "External/job002/"))
                .withJobCounter(3);
        Path file = tmp.resolve("default_pipeline.star");
        relion.write(pipeline.star(), file);

        DefaultPipeline read = relion.pipeline(file);
        String text = Files.readString(file);
        DefaultPipeline without = read.without("External/job002/");

        assertThat(read).usingRecursiveComparison().ignoringFields("star").isEqualTo(pipeline);
        assertThat(read.jobCounter()).isEqualTo(3);
        assertThat(text).contains("Import/job001/ None relion.importtomo Succeeded");
        assertThat(text).contains("_rlnPipeLineProcessStatusLabel #4");
        assertThat(without.processes()).extracting(PipelineProcess::name).containsExactly("Import/job001/");
        assertThat(without.nodes()).extracting(PipelineNode::name).containsExactly("Import/job001/tilt_series.star");
        assertThat(without.inputEdges()).isEmpty();
        assertThat(without.outputEdges()).hasSize(1);
        assertThat(read.withInputEdge(read.inputEdges().get(0))).isSameAs(read);
    }

    @Test
    void aFileThatIsNotThePipelineSaysWhatIsMissingAndWhere() throws TextReadException {
        Path jobFile = StarSamples.file("crboost-server/importmovies_job.star");

        TextReadException missing = catchThrowableOfType(TextReadException.class, () -> relion.pipeline(jobFile));
        TextReadException badStatus = catchThrowableOfType(
                TextReadException.class,
                () -> DefaultPipeline.of(
                        star("data_pipeline_general\n_rlnPipeLineJobCounter 2\n"
                                + "data_pipeline_processes\nloop_\n_rlnPipeLineProcessName\n_rlnPipeLineProcessAlias\n"
                                + "_rlnPipeLineProcessTypeLabel\n_rlnPipeLineProcessStatusLabel\n"
                                + "Import/job001/ None relion.import Done\n"),
                        Path.of("default_pipeline.star")));
        TextReadException badCounter = catchThrowableOfType(
                TextReadException.class,
                () -> DefaultPipeline.of(
                        star("data_pipeline_general\n_rlnPipeLineJobCounter two\n"), Path.of("default_pipeline.star")));

        assertThat(missing).isInstanceOf(TextReadException.Malformed.class);
        assertThat(missing.file()).isEqualTo(jobFile);
        assertThat(missing.problem()).contains("no data_pipeline_general block");
        assertThat(badStatus.line()).isEqualTo(9);
        assertThat(badStatus.column()).isEqualTo("Import/job001/ None relion.import ".length() + 1);
        assertThat(badStatus.problem()).contains("'Done' is not a process status");
        assertThat(badCounter.line()).isEqualTo(2);
        assertThat(badCounter.problem()).contains("not a whole number");
    }
}
