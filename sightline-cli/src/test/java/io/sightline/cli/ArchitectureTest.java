package io.sightline.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module map of DESIGN.md true: dependencies point one way (core ← agent, core ← server ← cli)
 * and only the command line talks to the terminal. The CLI's test classpath sees every module, so the
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

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.sightline.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.sightline.agent..",
                        "io.sightline.server..",
                        "io.sightline.cli..",
                        "io.sightline.pipeline..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void agentDoesNotDependOnServerOrCli() {
        noClasses()
                .that()
                .resideInAPackage("io.sightline.agent..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.sightline.server..", "io.sightline.cli..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void serverDoesNotDependOnAgentOrCli() {
        noClasses()
                .that()
                .resideInAPackage("io.sightline.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.sightline.agent..", "io.sightline.cli..")
                .allowEmptyShould(true)
                .check(production);
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
