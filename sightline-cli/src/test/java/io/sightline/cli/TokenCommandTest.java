package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.cli.server.ServerProcess;
import io.sightline.cli.support.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token administration against the real embedded database the server would use. */
class TokenCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void aCreatedTokenIsListedWithoutItsSecretAndCanBeRevoked() {
        CommandRun created = CommandRun.of(
                "token", "create", "--role", "agent", "--name", "krios1", "--data-dir", dataDir.toString());
        assertThat(created.exitCode()).isEqualTo(ExitCode.OK);
        String secret = created.out().strip();
        assertThat(secret).startsWith("sl_").hasSizeGreaterThan(20);

        CommandRun listed = CommandRun.of("token", "list", "--data-dir", dataDir.toString());
        assertThat(listed.out()).contains("krios1").contains("agent").doesNotContain(secret);

        assertThat(CommandRun.of("token", "revoke", "krios1", "--data-dir", dataDir.toString())
                        .exitCode())
                .isEqualTo(ExitCode.OK);
        assertThat(CommandRun.of("token", "list", "--data-dir", dataDir.toString())
                        .out())
                .contains("revoked");
        assertThat(CommandRun.of("token", "revoke", "krios1", "--data-dir", dataDir.toString())
                        .exitCode())
                .isEqualTo(ExitCode.FAILED);
    }

    @Test
    void aTakenNameAndAnUnknownRoleAreRefused() {
        CommandRun.of("token", "create", "--role", "viewer", "--name", "wall", "--data-dir", dataDir.toString());

        CommandRun again = CommandRun.of(
                "token", "create", "--role", "viewer", "--name", "wall", "--data-dir", dataDir.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(again.err()).contains("wall").contains("exists");

        CommandRun badRole =
                CommandRun.of("token", "create", "--role", "wizard", "--name", "x", "--data-dir", dataDir.toString());
        assertThat(badRole.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badRole.err()).contains("wizard");
    }

    @Test
    void anAgentTokenNamesItsAgentsAndOneWithoutBindsAtFirstUse() {
        CommandRun named = CommandRun.of(
                "token",
                "create",
                "--role",
                "agent",
                "--name",
                "krios",
                "--agent-id",
                "krios-2",
                "--agent-id",
                "krios-1",
                "--data-dir",
                dataDir.toString());
        assertThat(named.exitCode()).as(named.err()).isEqualTo(ExitCode.OK);
        assertThat(named.err()).contains("(agent, for krios-1, krios-2)");
        CommandRun.of("token", "create", "--role", "agent", "--name", "old", "--data-dir", dataDir.toString());

        CommandRun listed = CommandRun.of("token", "list", "--data-dir", dataDir.toString());
        assertThat(listed.out().lines())
                .anySatisfy(line -> assertThat(line).startsWith("krios ").endsWith("for krios-1, krios-2"))
                .anySatisfy(
                        line -> assertThat(line).startsWith("old ").endsWith("binds to the first agent id it uses"));

        CommandRun onViewer = CommandRun.of(
                "token",
                "create",
                "--role",
                "viewer",
                "--name",
                "wall",
                "--agent-id",
                "krios-1",
                "--data-dir",
                dataDir.toString());
        assertThat(onViewer.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(onViewer.err()).contains("only agent tokens name agent ids");
    }

    @Test
    void whileARunningServerHoldsTheEmbeddedDatabaseTokenCommandsExit3SayingSo() throws Exception {
        try (ServerProcess server = ServerProcess.start(
                ServerProcess.Store.h2(dataDir), dataDir.resolveSibling(dataDir.getFileName() + ".log"))) {
            CommandRun created = CommandRun.of(
                    "token", "create", "--role", "viewer", "--name", "wall", "--data-dir", dataDir.toString());
            assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(created.err())
                    .startsWith("sightline token create: database unavailable (a running server holds");
            assertThat(created.out()).isEmpty();
            assertThat(CommandRun.of("token", "list", "--data-dir", dataDir.toString())
                            .exitCode())
                    .isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(CommandRun.of("token", "revoke", "wall", "--data-dir", dataDir.toString())
                            .exitCode())
                    .isEqualTo(ExitCode.ENVIRONMENT);
        }
    }
}
