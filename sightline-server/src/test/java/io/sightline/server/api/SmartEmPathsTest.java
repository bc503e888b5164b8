package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.WireField;
import io.sightline.server.testing.BadValues;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The server answers every SmartEM path the wire vocabulary declares (the paths a Sightline agent uses
 * against a SmartEM backend): each kind is created on its create path, parents first, and updated on its
 * update path (a tile position, which has none, by repeating its create).
 */
class SmartEmPathsTest {

    private static TestServer.Response send(TestServer server, String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void everyDeclaredCreateAndUpdatePathIsAnswered() {
        try (TestServer server = TestServer.start()) {
            Map<String, Object> uuids = new HashMap<>();
            for (EntityType type : EntityType.values()) {
                String uuid = UUID.randomUUID().toString();
                List<String> fromPath = type.smartEm().placeholders();
                StringJoiner body = new StringJoiner(",", "{", "}");
                if (type.uuidOnWire()) {
                    body.add("\"uuid\":\"" + uuid + "\"");
                }
                for (WireField field : type.fields()) {
                    if (!fromPath.contains(field.wireName())) {
                        body.add("\"" + field.wireName() + "\":"
                                + BadValues.good(field.spec().type()));
                    }
                }
                String json = type.smartEm().createTakesList() ? "[" + body + "]" : body.toString();

                TestServer.Response created =
                        send(server, "POST", type.smartEm().create(uuid, uuids), json);

                assertThat(created.status()).as(type + " " + created.body()).isEqualTo(201);
                String update = type.smartEm().update(uuid, uuids).orElse(null);
                TestServer.Response updated = update == null
                        ? send(server, "POST", type.smartEm().create(uuid, uuids), json)
                        : send(server, "PUT", update, body.toString());
                assertThat(updated.status()).as(type + " " + updated.body()).isEqualTo(200);
                uuids.put(type.wireName() + "_uuid", uuid);
                uuids.put(type.wireName().replace("_", "") + "_uuid", uuid); // atlastile_uuid
            }
            assertThat(server.get("/micrographs").json()).hasSize(1);
        }
    }
}
