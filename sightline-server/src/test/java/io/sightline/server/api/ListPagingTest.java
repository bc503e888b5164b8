package io.sightline.server.api;

import static io.sightline.server.api.ApiFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** List routes answer at most {@code limit} entities after {@code offset}, in their usual order; bad values are 422. */
class ListPagingTest {

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @ParameterizedTest
    @ArgumentsSource(BothDatabases.class)
    void listsAndChildListsArePagedInTheirOrder(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            String acquisition = UUID.randomUUID().toString();
            assertThat(server.post("/acquisitions", map("uuid", acquisition, "name", "s"))
                            .status())
                    .isEqualTo(201);
            for (String name : List.of("e", "b", "d", "a", "c")) {
                assertThat(server.post(
                                        "/acquisitions/" + acquisition + "/grids",
                                        map("uuid", UUID.randomUUID().toString(), "name", name))
                                .status())
                        .isEqualTo(201);
            }

            assertThat(names(server.get("/grids").json())).containsExactly("a", "b", "c", "d", "e");
            assertThat(names(server.get("/grids?limit=2").json())).containsExactly("a", "b");
            assertThat(names(server.get("/grids?limit=2&offset=2").json())).containsExactly("c", "d");
            assertThat(names(server.get("/grids?offset=4").json())).containsExactly("e");
            assertThat(server.get("/grids?limit=0").json()).isEmpty();
            assertThat(server.get("/grids?offset=9223372036854775807").json()).isEmpty();
            assertThat(names(server.get("/acquisitions/" + acquisition + "/grids?limit=3&offset=1")
                            .json()))
                    .containsExactly("b", "c", "d");
        }
    }

    @ParameterizedTest
    @ArgumentsSource(BothDatabases.class)
    void aLimitOrOffsetThatIsNotAWholeNumberInRangeIs422NamingIt(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            for (String query : List.of(
                    "limit=-1",
                    "limit=10001",
                    "limit=abc",
                    "limit=",
                    "limit=1.5",
                    "limit=99999999999999999999",
                    "offset=-1",
                    "offset=x",
                    "offset=9223372036854775808")) {
                TestServer.Response response = server.get("/micrographs?" + query);
                assertThat(response.status()).as(query).isEqualTo(422);
                assertThat(response.contentType()).startsWith("application/problem+json");
                String name = query.substring(0, query.indexOf('='));
                assertThat(response.json().at("/errors/0/loc").toString())
                        .as(query)
                        .isEqualTo("[\"query\",\"" + name + "\"]");
            }
            assertThat(server.get("/micrographs?limit=10000").status()).isEqualTo(200);
        }
    }
}
