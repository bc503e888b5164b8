package io.sightline.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module map of docs/architecture.md true: dependencies point one way, packages form no cycles,
 * and only the command line talks to the terminal or ends the JVM. The CLI's test classpath sees every module, so the
 * rules run here.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // other modules' test harnesses (the server's test-jar) are tests too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.sightline");
    }

    /**
     * The module map of docs/architecture.md as layers: each module's packages may use only the modules
     * listed for it. A module that has no classes yet (pipeline, fastmon) is an empty layer.
     */
    @Test
    void modulesDependOnlyInTheDirectionOfTheModuleMap() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("core")
                .definedBy("io.sightline.core..")
                .layer("simulate")
                .definedBy("io.sightline.simulate..")
                .layer("agent")
                .definedBy("io.sightline.agent..")
                .layer("fastmon")
                .definedBy("io.sightline.fastmon..")
                .layer("pipeline")
                .definedBy("io.sightline.pipeline..")
                .layer("server")
                .definedBy("io.sightline.server..")
                .layer("cli")
                .definedBy("io.sightline.cli..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("server")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("pipeline")
                .mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("fastmon")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("agent")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("simulate")
                .mayOnlyBeAccessedByLayers("cli")
                .check(production);
    }

    /** Packages inside and across modules form no cycle: each package can be read knowing only those below it. */
    @Test
    void packagesFormNoCycles() {
        slices().matching("io.sightline.(**)").should().beFreeOfCycles().check(production);
    }

    @Test
    void onlyTheCommandLineWritesToTheTerminal() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackage("io.sightline.cli..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .allowEmptyShould(true);
        rule.check(production);
    }

    @Test
    void nothingCallsSystemExitOutsideTheEntryPoint() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(Main.class.getName())
                .should()
                .callMethod(System.class, "exit", int.class)
                .allowEmptyShould(true)
                .check(production);
    }
}
