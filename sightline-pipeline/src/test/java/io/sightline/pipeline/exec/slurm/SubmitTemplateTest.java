package io.sightline.pipeline.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pipeline.exec.ResourceProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitTemplateTest {

    /** CryoBoost's qsub.sh shape (contracts/cryoboost.md A11), markers and all. */
    private static final String CRYOBOOST_STYLE = """
            #!/bin/bash
            #SBATCH --partition=XXXextra1XXX
            #SBATCH --constraint="XXXextra2XXX"
            #SBATCH --nodes=XXXextra3XXX
            #SBATCH --ntasks-per-node=XXXextra4XXX
            #SBATCH --cpus-per-task=XXXextra5XXX
            #SBATCH --gres=XXXextra6XXX
            #SBATCH --mem=XXXextra7XXX
            #SBATCH --time=XXXextra8XXX
            #SBATCH --output=XXXoutfileXXX
            #SBATCH --error=XXXerrfileXXX
            cd $(dirname XXXoutfileXXX)
            XXXcommandXXX
            if [ $? -eq 0 ]; then touch RELION_JOB_EXIT_SUCCESS; else touch RELION_JOB_EXIT_FAILURE; fi
            """;

    @Test
    void typedFieldsFillTheCryoBoostSlotsAndExtrasFillTheRest() {
        ResourceProfile profile =
                new ResourceProfile("g", 1, 1, 4, 2, "64G", "3:30:00", Map.of(1, "ignored", 2, "g2|g3|g4"));
        assertThat(SubmitTemplate.extras(profile))
                .containsExactly(
                        Map.entry(1, "g"),
                        Map.entry(2, "g2|g3|g4"),
                        Map.entry(3, "1"),
                        Map.entry(4, "1"),
                        Map.entry(5, "4"),
                        Map.entry(6, "gpu:2"),
                        Map.entry(7, "64G"),
                        Map.entry(8, "3:30:00"));
    }

    @Test
    void linesWithoutAValueAndTheTemplatesOwnMarkersAreLeftOut() {
        SubmitTemplate template = SubmitTemplate.parse(CRYOBOOST_STYLE, "qsub.sh");
        String script = template.render(
                SubmitTemplate.extras(new ResourceProfile("debug", null, null, 2, 0, "1G", null, Map.of())),
                "/p/External/job003/run.out",
                "/p/External/job003/run.err",
                List.of("tool --in 'a b'", "echo done"));

        assertThat(script)
                .contains("#SBATCH --partition=debug\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --mem=1G\n")
                .contains(
                        "#SBATCH --output=/p/External/job003/run.out\n", "#SBATCH --error=/p/External/job003/run.err\n")
                .contains("cd $(dirname /p/External/job003/run.out)\ntool --in 'a b'\necho done\n")
                .doesNotContain("--constraint", "--nodes", "--gres", "--time", "XXX", "RELION_JOB_EXIT_");
    }

    @Test
    void anUnknownPlaceholderIsRefusedWithItsLine() {
        assertThatThrownBy(() ->
                        SubmitTemplate.parse("#!/bin/bash\nexport R=XXXcrboost_rootXXX\nXXXcommandXXX\n", "qsub.sh"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qsub.sh line 2")
                .hasMessageContaining("XXXcrboost_rootXXX");
    }

    @Test
    void aTemplateWithoutTheCommandIsRefused() {
        assertThatThrownBy(() -> SubmitTemplate.parse("#!/bin/bash\n#SBATCH --mem=XXXextra7XXX\n", "site.sh"))
                .hasMessageContaining("site.sh")
                .hasMessageContaining("XXXcommandXXX");
    }

    @Test
    void aValueWithALineBreakCannotAddDirectives() {
        ResourceProfile sneaky =
                new ResourceProfile("debug\n#SBATCH --uid=0", null, null, null, null, null, null, Map.of());
        assertThatThrownBy(() -> SubmitTemplate.extras(sneaky)).hasMessageContaining("XXXextra1XXX");
    }

    @Test
    void theShippedTemplateReadsAndSetsTheCLocale() {
        String script = SubmitTemplate.standard().render(Map.of(7, "2G"), "o", "e", List.of("run"));
        assertThat(script)
                .contains("#SBATCH --mem=2G", "export LC_ALL=C\nrun\n")
                .doesNotContain("XXX");
    }
}
