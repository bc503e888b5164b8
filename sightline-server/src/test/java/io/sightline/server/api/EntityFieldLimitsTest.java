package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.MicrographFeedbackField;
import io.sightline.core.wire.WireField;
import io.sightline.server.testing.BadValues;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Every SmartEM create and update route refuses, with a 422 naming the field, every value its
 * declaration does not take (too long, NUL, out of range, years the databases cannot store), and writes
 * nothing: the routes are the ones the wire vocabulary declares for each kind, the fields and bad values
 * come from the declarations, so a new field or kind is covered as soon as it is declared.
 */
class EntityFieldLimitsTest {
    private static final List<String> LISTS = List.of(
            "/acquisitions", "/grids", "/atlases", "/atlas-tiles", "/gridsquares", "/foilholes", "/micrographs");

    private final ApiFixtures f = new ApiFixtures();

    /** The fixture's entity of each kind (the tile position has none: it is named by tile and square). */
    private Map<EntityType, String> existing() {
        Map<EntityType, String> uuids = new EnumMap<>(EntityType.class);
        uuids.put(EntityType.ACQUISITION, f.acquisition);
        uuids.put(EntityType.GRID, f.grid);
        uuids.put(EntityType.ATLAS, f.atlas);
        uuids.put(EntityType.ATLAS_TILE, f.tile);
        uuids.put(EntityType.GRIDSQUARE, f.square);
        uuids.put(EntityType.FOILHOLE, f.hole);
        uuids.put(EntityType.MICROGRAPH, f.micrograph);
        return uuids;
    }

    /** The fixture's uuids under the names of the fields that hold them. */
    private Map<String, Object> parents() {
        Map<String, Object> parents = new HashMap<>();
        parents.put("acquisition_uuid", f.acquisition);
        parents.put("grid_uuid", f.grid);
        parents.put("atlas_uuid", f.atlas);
        parents.put("atlastile_uuid", f.tile);
        parents.put("gridsquare_uuid", f.square);
        parents.put("foilhole_uuid", f.hole);
        return parents;
    }

    private void createAll(TestServer server) {
        f.micrograph(server).atlasWithTile(server);
        TestServer.Response linked = server.post(
                "/atlas-tiles/" + f.tile + "/gridsquares/" + f.square,
                Map.of("center_x", 1, "center_y", 2, "size_width", 3, "size_height", 4));
        assertThat(linked.status()).as(linked.body()).isIn(200, 201);
    }

    /** Everything the server holds, as its list routes answer it. */
    private String everything(TestServer server) {
        StringJoiner all = new StringJoiner("\n");
        for (String list : LISTS) {
            all.add(server.get(list).body());
        }
        return all.add(server.get("/atlas-tiles/" + f.tile + "/gridsquares").body())
                .toString();
    }

    /** Runs {@code requests} and checks that they changed nothing and published nothing. */
    private void leavesEverythingAsItWas(TestServer server, Runnable requests) {
        String before = everything(server);
        int events = server.events().events().size();
        requests.run();
        assertThat(everything(server)).isEqualTo(before);
        assertThat(server.events().events()).hasSize(events);
    }

    /**
     * A body with good values for every field (except those the path gives: routes may require more than
     * the declaration does) and {@code field: json}.
     */
    private static String body(EntityType type, List<String> fromPath, WireField field, String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (type.uuidOnWire()) {
            fields.put(EntityType.UUID_FIELD, "\"" + UUID.randomUUID() + "\"");
        }
        for (WireField other : type.fields()) {
            if (!fromPath.contains(other.wireName())) {
                fields.put(other.wireName(), BadValues.good(other.spec().type()));
            }
        }
        fields.put(field.wireName(), json);
        StringJoiner object = new StringJoiner(",", "{", "}");
        fields.forEach((name, value) -> object.add("\"" + name + "\":" + value));
        return type.smartEm().createTakesList() ? "[" + object + "]" : object.toString();
    }

    private static TestServer.Response send(TestServer server, String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void refusedNaming(TestServer.Response response, WireField field, String what) {
        assertThat(response.status())
                .as(field.wireName() + " " + what + ": " + response.body())
                .isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        List<String> named = new ArrayList<>();
        errors.forEach(e -> named.add(e.get("loc").get(e.get("loc").size() - 1).asText()));
        assertThat(named).as(response.body()).containsExactly(field.wireName());
        assertThat(response.json().get("detail").asText()).contains(field.wireName());
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyUpdateRouteRefusesEveryBadValueOfEveryFieldAndChangesNothing(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            createAll(server);
            Map<EntityType, String> existing = existing();
            String before = everything(server);
            int checked = 0;
            for (EntityType type : EntityType.values()) {
                for (WireField field : type.fields()) {
                    for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                        TestServer.Response response;
                        if (type.smartEm().update() != null) {
                            String path = type.smartEm()
                                    .update(existing.get(type), parents())
                                    .orElseThrow();
                            response = send(server, "PUT", path, "{\"" + field.wireName() + "\":" + bad.json() + "}");
                        } else {
                            // no update route: the create is repeated, and the path names what it gives
                            List<String> fromPath = type.smartEm().placeholders();
                            if (fromPath.contains(field.wireName())) {
                                continue;
                            }
                            String path = type.smartEm().create(null, parents());
                            response = send(server, "POST", path, body(type, fromPath, field, bad.json()));
                        }
                        refusedNaming(response, field, bad.what());
                        checked++;
                    }
                }
            }
            // every field has at least one bad value, most have two or more
            assertThat(checked)
                    .isGreaterThan(Arrays.stream(EntityType.values())
                            .mapToInt(t -> t.fields().size())
                            .sum());
            assertThat(everything(server)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyCreateRouteRefusesEveryBadValueBeforeWritingAnything(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            createAll(server);
            leavesEverythingAsItWas(server, () -> {
                for (EntityType type : EntityType.values()) {
                    List<String> fromPath = type.smartEm().placeholders();
                    String path = type.smartEm().create(null, parents());
                    for (WireField field : type.fields()) {
                        if (fromPath.contains(field.wireName())) {
                            continue;
                        }
                        for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                            refusedNaming(
                                    send(server, "POST", path, body(type, fromPath, field, bad.json())),
                                    field,
                                    bad.what());
                        }
                    }
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void processingRoutesRefuseEveryBadValueOfTheirFieldsAndChangeNothing(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            createAll(server);
            String micrograph = "/micrographs/" + f.micrograph;
            Map<MicrographFeedbackField, String> routes = Map.of(
                    MicrographFeedbackField.METRIC_NAME, micrograph + "/motion_correction/registered",
                    MicrographFeedbackField.QUALITY, micrograph + "/ctf_estimation/registered",
                    MicrographFeedbackField.TOTAL_MOTION, micrograph + "/motion_correction/completed",
                    MicrographFeedbackField.AVERAGE_MOTION, micrograph + "/motion_correction/completed",
                    MicrographFeedbackField.CTF_MAX_RES, micrograph + "/ctf_estimation/completed");
            leavesEverythingAsItWas(server, () -> {
                for (MicrographFeedbackField field : MicrographFeedbackField.values()) {
                    for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                        StringJoiner body = new StringJoiner(",", "{", "}");
                        for (MicrographFeedbackField other : MicrographFeedbackField.values()) {
                            String value = other == field
                                    ? bad.json()
                                    : BadValues.good(other.spec().type());
                            body.add("\"" + other.wireName() + "\":" + value);
                        }
                        refusedNaming(send(server, "POST", routes.get(field), body.toString()), field, bad.what());
                    }
                }
            });
        }
    }
}
