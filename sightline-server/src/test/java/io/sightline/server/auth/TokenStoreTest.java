package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class TokenStoreTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void createdSecretsVerifyOnlyTheirHashIsStoredAndRevokedOnesStopWorking(TestDatabase db) throws Exception {
        try (db) {
            TokenStore store = new TokenStore(db.dataSource());
            TokenStore.CreatedToken t = store.create("agent-1", Role.AGENT);
            assertThat(t.secret()).startsWith("sl_").hasSize(3 + 43);
            assertThat(t.toString()).doesNotContain(t.secret());
            assertThat(store.verify(t.secret())).hasValueSatisfying(i -> {
                assertThat(i.name()).isEqualTo("agent-1");
                assertThat(i.role()).isEqualTo(Role.AGENT);
            });
            assertThat(store.verify(t.secret() + "x")).isEmpty();
            assertThat(store.verify("not-ours")).isEmpty();

            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT token_hash FROM api_token")) {
                rs.next();
                assertThat(rs.getString(1))
                        .isEqualTo(TokenStore.sha256Hex(t.secret()))
                        .doesNotContain(t.secret());
            }

            assertThatThrownBy(() -> store.create("agent-1", Role.VIEWER))
                    .isInstanceOf(TokenStore.TokenNameTakenException.class);
            assertThat(store.create("viewer-1", Role.VIEWER).secret()).isNotEqualTo(t.secret());
            assertThat(store.list()).extracting(TokenStore.TokenInfo::name).containsExactly("agent-1", "viewer-1");
            assertThat(store.hasActiveTokens()).isTrue();

            assertThat(store.revoke("agent-1")).isTrue();
            assertThat(store.revoke("agent-1")).isFalse();
            assertThat(store.verify(t.secret())).isEmpty();
            assertThat(store.list().getFirst().active()).isFalse();
            store.revoke("viewer-1");
            assertThat(store.hasActiveTokens()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void agentTokensKeepTheAgentIdsTheyNameAndOnlyAgentTokensNameAny(TestDatabase db) {
        try (db) {
            TokenStore store = new TokenStore(db.dataSource());
            String secret = store.create("krios", Role.AGENT, List.of(" krios-2", "krios-1", "krios-2"))
                    .secret();
            TokenStore.TokenInfo info = store.verify(secret).orElseThrow();
            assertThat(info.agentIds()).containsExactly("krios-1", "krios-2");
            assertThat(info.agentScope()).isEqualTo(new AgentScope.Named(Set.of("krios-1", "krios-2")));
            assertThat(store.list().getFirst().agentIds()).containsExactly("krios-1", "krios-2");

            assertThatThrownBy(() -> store.create("wall", Role.VIEWER, List.of("krios-1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only agent tokens name agent ids");
            assertThatThrownBy(() -> store.create("long", Role.AGENT, List.of("k".repeat(201))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 200 characters");
            assertThatThrownBy(() -> store.create("blank", Role.AGENT, List.of(" ")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.create("nul", Role.AGENT, List.of("krios\u0000")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.list()).extracting(TokenStore.TokenInfo::name).containsExactly("krios");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void concurrentFirstUsesBindATokenToExactlyOneAgent(TestDatabase db) throws Exception {
        try (db) {
            TokenStore store = new TokenStore(db.dataSource());
            String tokenId = store.create("unbound", Role.AGENT).info().id();
            int callers = 8;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
                for (int i = 0; i < callers; i++) {
                    String agentId = "krios-" + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return store.bindAtFirstUse(tokenId, agentId);
                    }));
                }
                start.countDown();
                Set<List<String>> distinct = new HashSet<>();
                for (Future<List<String>> answer : answers) {
                    distinct.add(answer.get());
                }
                assertThat(distinct).hasSize(1);
                assertThat(distinct.iterator().next()).hasSize(1);
                assertThat(store.list().getFirst().agentIds())
                        .isEqualTo(distinct.iterator().next());
            }
            // bound for good: a later first use of another agent changes nothing
            List<String> bound = store.list().getFirst().agentIds();
            assertThat(store.bindAtFirstUse(tokenId, "krios-99")).isEqualTo(bound);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aTokenCreatedBeforeTokensNamedAgentsKeepsWorkingAndBindsAtFirstUse(TestDatabase db) throws Exception {
        try (db;
                Connection keepAlive = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            Flyway.configure()
                    .dataSource(db.jdbcUrl(), db.user(), db.password())
                    .locations("classpath:db/migration")
                    .target("5")
                    .load()
                    .migrate();
            String secret = TokenStore.PREFIX + "an-agent-token-of-the-previous-version-aaaaaa";
            try (Statement s = keepAlive.createStatement()) {
                s.executeUpdate("INSERT INTO api_token (id, name, role, token_hash, created_at) VALUES"
                        + " ('t-1', 'krios-agent', 'AGENT', '" + TokenStore.sha256Hex(secret)
                        + "', CURRENT_TIMESTAMP)");
            }
            TokenStore store = new TokenStore(db.dataSource()); // migrates to the newest version
            TokenStore.TokenInfo info = store.verify(secret).orElseThrow();
            assertThat(info.agentScope()).isEqualTo(new AgentScope.AtFirstUse("t-1"));
            assertThat(store.bindAtFirstUse("t-1", "krios-1")).containsExactly("krios-1");
            assertThat(store.verify(secret).orElseThrow().agentScope())
                    .isEqualTo(new AgentScope.Named(Set.of("krios-1")));
        }
    }
}
