package io.sightline.cli.server;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.server.ServerApp;
import io.sightline.server.auth.Role;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.persistence.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline token create|list|revoke}: API tokens, stored hashed in the server's database. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Manage API tokens. Works on the database the server uses (same --data-dir / --db / --config).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: create, list or revoke");
    }

    static <T> T withTokens(StoreOptions store, Function<TokenStore, T> work) {
        Database opened;
        try {
            opened = ServerApp.openDatabase(store.config());
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(e);
        }
        try (Database database = opened) {
            return work.apply(new TokenStore(database.dataSource()));
        }
    }

    /**
     * Runs a subcommand's body, answering {@link ExitCode#ENVIRONMENT} with one line when the database
     * cannot be opened: a running server holds the embedded H2 file, or PostgreSQL is not there.
     */
    static int orUnavailable(CliOutput output, java.util.function.IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (DatabaseUnavailableException e) {
            output.failure(e.getMessage());
            return ExitCode.ENVIRONMENT;
        }
    }

    /** The database the tokens live in could not be opened. */
    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(RuntimeException cause) {
            super(
                    "database unavailable (a running server holds the embedded database; stop it, or use "
                            + "PostgreSQL): " + rootMessage(cause),
                    cause);
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null
                    ? root.toString()
                    : root.getMessage().lines().findFirst().orElse("");
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Create a token and print its secret. The secret is shown once; only its hash is stored.",
            footer = {
                "",
                "Roles: agent (writes acquisition data, runs the agent side of steering), steering (creates and "
                        + "lists instructions, reads), viewer (reads and streams), admin (everything).",
                "",
                "An agent token acts only for the agents named with --agent-id (sessions, instruction stream, acks, "
                        + "heartbeats, logs). One created without --agent-id binds to the first agent id it uses.",
                "",
                "Exit codes: 0 created, 1 the name is taken, 2 usage error, 3 database unavailable."
            })
    static final class Create implements Callable<Integer> {
        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "agent, steering, viewer or admin.")
        String role;

        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME",
                description = "Who or what uses it, e.g. " + "krios1-agent; unique.")
        String name;

        @Option(
                names = "--agent-id",
                paramLabel = "AGENT_ID",
                description = "An agent this agent token acts for, e.g. krios-1; repeat for several. "
                        + "Without it, the token binds to the first agent id it uses.")
        List<String> agentIds = new ArrayList<>();

        @Mixin
        StoreOptions store;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            return orUnavailable(output, this::create);
        }

        private int create() {
            Role parsed;
            try {
                parsed = Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                output.failure("--role must be agent, steering, viewer or admin, got: " + role);
                return ExitCode.USAGE;
            }
            TokenStore.CreatedToken created;
            try {
                created = withTokens(store, tokens -> tokens.create(name, parsed, agentIds));
            } catch (TokenStore.TokenNameTakenException e) {
                output.failure("a token named '" + name + "' exists already; revoke it or choose another name");
                return ExitCode.FAILED;
            } catch (IllegalArgumentException e) {
                output.failure(e.getMessage());
                return ExitCode.USAGE;
            }
            if (output.json()) {
                output.printJson(new Created(
                        created.info().name(),
                        parsed.name().toLowerCase(Locale.ROOT),
                        created.info().agentIds(),
                        created.secret()));
            } else {
                output.out().println(created.secret());
                output.err()
                        .println(
                                "token '" + name + "' (" + parsed.name().toLowerCase(Locale.ROOT)
                                        + agents(created.info())
                                        + ") created; the secret above is shown only now. Send it as 'Authorization: Bearer <secret>'.");
            }
            output.out().flush();
            output.err().flush();
            return ExitCode.OK;
        }

        record Created(String name, String role, List<String> agentIds, String secret) {}
    }

    /** How the text output names an agent token's agents: {@code , for krios-1, krios-2}. */
    static String agents(TokenStore.TokenInfo token) {
        if (token.role() != Role.AGENT) {
            return "";
        }
        return token.agentIds().isEmpty()
                ? ", binds to the first agent id it uses"
                : ", for " + String.join(", ", token.agentIds());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            return orUnavailable(output, this::list);
        }

        private int list() {
            List<TokenStore.TokenInfo> tokens = withTokens(store, TokenStore::list);
            if (output.json()) {
                output.printJson(tokens);
            } else {
                tokens.forEach(t -> output.out()
                        .printf(
                                "%-30s %-8s created %s%s%s%n",
                                t.name(),
                                t.role().name().toLowerCase(Locale.ROOT),
                                t.createdAt(),
                                agents(t),
                                t.active() ? "" : ", revoked " + t.revokedAt()));
                output.out().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token by name.",
            footer = {"", "Exit codes: 0 revoked, 1 no such active token, 3 database unavailable."})
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        StoreOptions store;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            return orUnavailable(output, this::revoke);
        }

        private int revoke() {
            if (!withTokens(store, tokens -> tokens.revoke(name))) {
                output.failure("no active token named '" + name + "'");
                return ExitCode.FAILED;
            }
            output.out().println("revoked " + name);
            output.out().flush();
            return ExitCode.OK;
        }
    }
}
