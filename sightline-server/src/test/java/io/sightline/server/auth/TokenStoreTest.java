package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
}
