package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token API as an admin uses it: every role it grants, the agents a token names, its description. */
class TokenRoutesTest {

    private static final List<String> ROLES = Arrays.stream(Role.values())
            .map(r -> r.name().toLowerCase(Locale.ROOT))
            .toList();

    @Test
    void anUnknownRoleIsRefusedNamingEveryRoleThereIs() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response res = server.post("/api/v1/tokens", Map.of("name", "x", "role", "wizard"));
            assertThat(res.status()).isEqualTo(422);
            assertThat(res.contentType()).startsWith("application/problem+json");
            assertThat(res.json().get("detail").asText())
                    .isEqualTo("role must be one of viewer, agent, steering, admin");
            assertThat(ROLES)
                    .allSatisfy(role ->
                            assertThat(res.json().get("detail").asText()).contains(role));
        }
    }

    @Test
    void everyRoleCanBeGrantedOverHttpAndAgentTokensNameTheirAgents() {
        try (TestServer server = TestServer.start()) {
            String admin = server.running().tokens().create("admin", Role.ADMIN).secret();
            for (String role : ROLES) {
                TestServer.Response created =
                        server.postAs(admin, "/api/v1/tokens", Map.of("name", "t-" + role, "role", role));
                assertThat(created.status()).as(role).isEqualTo(201);
                assertThat(created.json().get("role").asText()).isEqualTo(role);
            }
            TestServer.Response agent = server.postAs(
                    admin,
                    "/api/v1/tokens",
                    Map.of("name", "krios", "role", "agent", "agent_ids", List.of("krios-2", "krios-1")));
            assertThat(agent.status()).isEqualTo(201);
            assertThat(agent.json().get("agent_ids")).hasSize(2);
            assertThat(agent.json().get("agent_ids").get(0).asText()).isEqualTo("krios-1");
            String secret = agent.json().get("token").asText();
            assertThat(server.postAs(secret, "/agent/krios-2/sessions", Map.of())
                            .status())
                    .isEqualTo(201);
            assertThat(server.postAs(secret, "/agent/krios-3/sessions", Map.of())
                            .status())
                    .isEqualTo(403);

            JsonNode listed = server.getAs(admin, "/api/v1/tokens").json();
            List<String> agentsOfKrios = new ArrayList<>();
            listed.forEach(t -> {
                if (t.get("name").asText().equals("krios")) {
                    t.get("agent_ids").forEach(id -> agentsOfKrios.add(id.asText()));
                }
            });
            assertThat(agentsOfKrios).containsExactly("krios-1", "krios-2");
        }
    }

    @Test
    void agentIdsAreRefusedOnOtherRolesAndWhenTheyAreNotAListOfStrings() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response viewer = server.post(
                    "/api/v1/tokens", Map.of("name", "wall", "role", "viewer", "agent_ids", List.of("krios-1")));
            assertThat(viewer.status()).isEqualTo(422);
            assertThat(viewer.json().get("detail").asText()).contains("only agent tokens name agent ids");
            TestServer.Response notAList =
                    server.post("/api/v1/tokens", Map.of("name", "a", "role", "agent", "agent_ids", "krios-1"));
            assertThat(notAList.status()).isEqualTo(422);
            assertThat(notAList.json().get("detail").asText()).contains("agent_ids must be a list");
            TestServer.Response numbers =
                    server.post("/api/v1/tokens", Map.of("name", "b", "role", "agent", "agent_ids", List.of(1)));
            assertThat(numbers.status()).isEqualTo(422);
            assertThat(server.get("/api/v1/tokens").json()).isEmpty();
        }
    }

    @Test
    void theApiDescriptionListsEveryRoleWhereverATokenHasOne() {
        try (TestServer server = TestServer.start()) {
            JsonNode tokens = server.get("/openapi.json").json().get("paths").get("/api/v1/tokens");
            List<JsonNode> roleSchemas = List.of(
                    tokens.at("/get/responses/200/content/application~1json/schema/items/properties/role"),
                    tokens.at("/post/requestBody/content/application~1json/schema/properties/role"),
                    tokens.at("/post/responses/201/content/application~1json/schema/allOf/0/properties/role"));
            for (JsonNode schema : roleSchemas) {
                List<String> listed = new ArrayList<>();
                schema.get("enum").forEach(v -> listed.add(v.asText()));
                assertThat(listed).containsExactlyElementsOf(ROLES);
            }
            assertThat(tokens.at("/post/requestBody/content/application~1json/schema/properties/agent_ids/type")
                            .asText())
                    .isEqualTo("array");
        }
    }
}
