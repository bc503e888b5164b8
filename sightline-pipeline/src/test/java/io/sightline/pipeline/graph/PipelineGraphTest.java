package io.sightline.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pipeline.jobtype.Acquisition;
import io.sightline.pipeline.jobtype.AcquisitionField;
import io.sightline.pipeline.jobtype.InputSlot;
import io.sightline.pipeline.jobtype.JobCategory;
import io.sightline.pipeline.jobtype.JobContext;
import io.sightline.pipeline.jobtype.JobType;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.pipeline.jobtype.OutputSlot;
import io.sightline.pipeline.jobtype.Param;
import io.sightline.pipeline.jobtype.SlotType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineGraphTest {
    private final JobTypes types = JobTypes.standard();
    private final Acquisition acquisition = Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 0.83);

    private static JobSpec job(String name, String type, Map<String, String> inputs) {
        return new JobSpec(name, type, Map.of(), inputs);
    }

    @Test
    void inputsAreWiredByTypeAndJobsOrderedAfterTheirInputs() throws Exception {
        PipelineSpec spec = new PipelineSpec(
                "spa",
                "",
                List.of(
                        JobSpec.of("extract", "spa.extract"),
                        JobSpec.of("pick", "spa.autopick"),
                        JobSpec.of("ctf", "spa.ctf"),
                        JobSpec.of("motion", "spa.motioncorr"),
                        JobSpec.of("import", "spa.import")));
        PipelineGraph g = PipelineGraph.build(spec, types, acquisition);

        assertThat(g.jobs().stream().map(PlannedJob::name))
                .containsExactly("import", "motion", "ctf", "pick", "extract");
        assertThat(g.job("extract").orElseThrow().inputs())
                .isEqualTo(Map.of(
                        "micrographs", new Wire("ctf", "micrographs"), "coordinates", new Wire("pick", "coordinates")));
        assertThat(g.downstream("ctf")).containsExactly("pick", "extract");
    }

    @Test
    void aMissingInputNamesTheJobAndSlot() {
        PipelineSpec spec = new PipelineSpec("x", "", List.of(JobSpec.of("ctf", "spa.ctf")));
        assertThatThrownBy(() -> PipelineGraph.build(spec, types, acquisition))
                .isInstanceOfSatisfying(
                        GraphException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(new GraphProblem(
                                        "ctf",
                                        "micrographs",
                                        "missing input: no job of the pipeline produces CORRECTED_MICROGRAPHS")));
    }

    @Test
    void aTypeMismatchNamesTheJobSlotAndBothTypes() {
        PipelineSpec spec = new PipelineSpec(
                "x",
                "",
                List.of(
                        JobSpec.of("import", "spa.import"),
                        job("ctf", "spa.ctf", Map.of("micrographs", "import.movies"))));
        assertThatThrownBy(() -> PipelineGraph.build(spec, types, acquisition))
                .hasMessage(
                        "ctf.micrographs: type mismatch: the slot accepts CORRECTED_MICROGRAPHS but import.movies is MOVIES");
    }

    /** A filter that reads and writes movies: two of them can be wired into a cycle. */
    private static final class MovieFilter implements JobType {
        @Override
        public String id() {
            return "test.filter";
        }

        @Override
        public String title() {
            return "filter";
        }

        @Override
        public JobCategory category() {
            return JobCategory.EXTERNAL;
        }

        @Override
        public boolean tomography() {
            return false;
        }

        @Override
        public List<Param> parameters() {
            return List.of();
        }

        @Override
        public List<InputSlot> inputs() {
            return List.of(new InputSlot("in", SlotType.MOVIES));
        }

        @Override
        public List<OutputSlot> outputs() {
            return List.of(new OutputSlot("out", SlotType.MOVIES, "out.star"));
        }

        @Override
        public String program() {
            return "true";
        }

        @Override
        public List<String> arguments(JobContext context) {
            return List.of();
        }
    }

    @Test
    void aCycleIsRefusedNamingItsJobs() {
        JobTypes withFilter = JobTypes.builder().add(new MovieFilter()).build();
        PipelineSpec spec = new PipelineSpec(
                "x",
                "",
                List.of(
                        job("a", "test.filter", Map.of("in", "b.out")),
                        job("b", "test.filter", Map.of("in", "a.out"))));
        assertThatThrownBy(() -> PipelineGraph.build(spec, withFilter, acquisition))
                .isInstanceOfSatisfying(
                        GraphException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        new GraphProblem("a", "", "cycle: waits for b"),
                                        new GraphProblem("b", "", "cycle: waits for a")));
    }

    @Test
    void anUnknownInputSlotIsRefused() {
        PipelineSpec spec = new PipelineSpec("x", "", List.of(job("ti", "tomo.import", Map.of("foo", "x"))));
        assertThatThrownBy(() -> PipelineGraph.build(spec, types, acquisition))
                .hasMessage("ti.foo: job type tomo.import has no such input slot");
    }

    @Test
    void outOfBoundsParametersAreRefusedNamingJobAndField() {
        PipelineSpec spec = new PipelineSpec(
                "x",
                "",
                List.of(
                        JobSpec.of("import", "spa.import"),
                        new JobSpec("motion", "spa.motioncorr", Map.of("patch_x", "99"), Map.of())));
        assertThatThrownBy(() -> PipelineGraph.build(spec, types, acquisition))
                .isInstanceOfSatisfying(
                        GraphException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(new GraphProblem("motion", "patch_x", "99 is outside [1, 20]")));
    }

    @Test
    void unknownTypesAndAmbiguousInputsAreAllReported() {
        PipelineSpec spec = new PipelineSpec(
                "x",
                "",
                List.of(
                        JobSpec.of("import1", "spa.import"),
                        JobSpec.of("import2", "spa.import"),
                        JobSpec.of("motion", "spa.motioncorr"),
                        JobSpec.of("ghost", "spa.relion_magic")));
        assertThatThrownBy(() -> PipelineGraph.build(spec, types, acquisition))
                .isInstanceOfSatisfying(
                        GraphException.class,
                        e -> assertThat(e.problems())
                                .extracting(GraphProblem::where)
                                .containsExactlyInAnyOrder("ghost", "motion.movies"));
    }
}
