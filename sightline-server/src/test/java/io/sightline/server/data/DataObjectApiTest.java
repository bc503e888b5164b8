package io.sightline.server.data;

import static io.sightline.server.api.ApiRole.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** /api/v1/data-objects through a real server, on H2 and PostgreSQL, with real files under a real root. */
class DataObjectApiTest {
    private static final String PATH = DataObjectRoutes.PATH;
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private TestServer server;
    private Path root;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(TestDatabase db) throws IOException {
        root = StorageFixture.root(tmp);
        Path r = root;
        server = StorageFixture.server(db, r, s -> s.withPathMaps(List.of(PathMap.parse("Z:\\=" + r))));
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private Path mrc(String name, int width, int height, int sections) throws IOException {
        return StorageFixture.mrc(root, name, width, height, sections);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void registersWithHeaderShapeAndFollowsLineageBothWays(TestDatabase db) throws Exception {
        start(db);
        mrc("Atlas/Atlas_1.mrc", 64, 48, 1);
        mrc("Images-Disc1/GridSquare_7/GridSquare_7.mrc", 32, 32, 1);
        Files.writeString(root.resolve("Images-Disc1/GridSquare_7/notes.txt"), "not an image");

        TestServer.Response atlas = server.post(
                PATH, map("uid", "atlas1", "path", "Z:\\Atlas\\Atlas_1.mrc", "kind", "atlas", "session", "s1"));
        assertThat(atlas.status()).isEqualTo(201);
        assertThat(atlas.json().get("shape").toString()).isEqualTo("[48,64]");
        assertThat(atlas.json().get("dtype").asText()).isEqualTo("float32");
        assertThat(atlas.json().get("format").asText()).isEqualTo("mrc");
        assertThat(atlas.json().get("size").asLong()).isEqualTo(Files.size(root.resolve("Atlas/Atlas_1.mrc")));
        assertThat(atlas.json().get("status").asText()).isEqualTo("registered");
        assertThat(atlas.json().get("path").asText()).isEqualTo("Z:\\Atlas\\Atlas_1.mrc");

        TestServer.Response batch = server.post(
                PATH,
                List.of(
                        map(
                                "uid",
                                "sq7",
                                "path",
                                "Images-Disc1/GridSquare_7/GridSquare_7.mrc",
                                "kind",
                                "gridsquare",
                                "session",
                                "s1",
                                "parents",
                                List.of("atlas1")),
                        map(
                                "uid",
                                "notes",
                                "path",
                                "Images-Disc1/GridSquare_7/notes.txt",
                                "kind",
                                "note",
                                "session",
                                "s1",
                                "parents",
                                List.of("sq7"),
                                "shape",
                                List.of(12),
                                "dtype",
                                "uint8",
                                "metadata",
                                map("author", "me"))));
        assertThat(batch.status()).isEqualTo(201);
        JsonNode notes = batch.json().get("data_objects").get(1);
        assertThat(notes.get("format").isNull()).isTrue();
        assertThat(notes.get("shape").toString()).isEqualTo("[12]");
        assertThat(notes.get("metadata").get("author").asText()).isEqualTo("me");

        assertThat(uids(server.get(PATH + "/notes/lineage").json())).containsExactly("sq7", "atlas1");
        assertThat(uids(server.get(PATH + "/atlas1/children").json())).containsExactly("sq7");
        assertThat(uids(server.get(PATH + "?session=s1").json())).containsExactlyInAnyOrder("atlas1", "sq7", "notes");
        assertThat(uids(server.get(PATH + "?session=s1&kind=gridsquare").json()))
                .containsExactly("sq7");
        assertThat(uids(server.get(PATH + "?parent=sq7").json())).containsExactly("notes");
        assertThat(uids(server.get(PATH + "?session=s1&limit=1&offset=5").json()))
                .isEmpty();
        assertThat(server.get(PATH + "/sq7").json().get("parents").toString()).isEqualTo("[\"atlas1\"]");
        assertThat(server.events().types())
                .containsExactly("data_object.registered", "data_object.registered", "data_object.registered");
        assertThat(server.get(PATH + "?limit=0").status()).isEqualTo(422);
        assertThat(server.get(PATH + "/nope").status()).isEqualTo(404);
        assertThat(server.get(PATH + "/..%2F..%2Fetc").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aUidIsRegisteredOnceAndNotForAnotherFile(TestDatabase db) throws Exception {
        start(db);
        Files.writeString(root.resolve("a.bin"), "a");
        Files.writeString(root.resolve("b.bin"), "b");
        Map<String, Object> a = map("uid", "u1", "path", "a.bin", "kind", "raw", "session", "s1");
        assertThat(server.post(PATH, a).status()).isEqualTo(201);
        assertThat(server.post(PATH, a).status()).isEqualTo(200);
        assertThat(server.post(PATH, map("uid", "u1", "path", "b.bin", "kind", "raw", "session", "s1"))
                        .status())
                .isEqualTo(409);
        assertThat(server.events().types()).containsExactly("data_object.registered");

        TestServer.Response twice = server.post(
                PATH,
                List.of(
                        map("uid", "u2", "path", "a.bin", "kind", "raw", "session", "s1"),
                        map("uid", "u2", "path", "b.bin", "kind", "raw", "session", "s1")));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asText()).contains("twice");
        TestServer.Response sameTwice = server.post(
                PATH,
                List.of(
                        map("uid", "u3", "path", "a.bin", "kind", "raw", "session", "s1"),
                        map("uid", "u3", "path", "a.bin", "kind", "raw", "session", "s1")));
        assertThat(sameTwice.status()).isEqualTo(201);
        assertThat(sameTwice.json().get("data_objects")).hasSize(2);
        assertThat(server.events().types()).containsExactly("data_object.registered", "data_object.registered");

        TestServer.Response generated = server.post(PATH, map("path", "b.bin", "kind", "raw", "session", "s1"));
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.json().get("uid").asText()).hasSize(36);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aBatchLongerThanOneInsertStatementStoresEveryRowLinkAndEventOnce(TestDatabase db) throws Exception {
        start(db);
        Files.writeString(root.resolve("a.bin"), "abc");
        // more rows than one multi-row INSERT takes, so the rows and the parent links span statements
        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        batch.add(map("uid", "b0", "path", "a.bin", "kind", "atlas", "session", "s1"));
        for (int i = 1; i <= 1_200; i++) {
            batch.add(
                    map("uid", "b" + i, "path", "a.bin", "kind", "square", "session", "s1", "parents", List.of("b0")));
        }
        TestServer.Response first = server.post(PATH, batch);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("data_objects")).hasSize(1_201);
        assertThat(server.events().types()).hasSize(1_201).containsOnly("data_object.registered");

        var last = server.get(PATH + "/b1200").json();
        assertThat(last.get("kind").asText()).isEqualTo("square");
        assertThat(last.get("size").asLong()).isEqualTo(3);
        assertThat(last.get("parents").toString()).isEqualTo("[\"b0\"]");
        assertThat(server.get(PATH + "/b600").json().get("parents").toString()).isEqualTo("[\"b0\"]");

        TestServer.Response again = server.post(PATH, batch);
        assertThat(again.status()).isEqualTo(200);
        assertThat(server.events().types()).hasSize(1_201);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void refusalsAreClientErrorsNamingWhatAndStoreNothing(TestDatabase db) throws Exception {
        start(db);
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.writeString(root.resolve("ok.bin"), "ok");
        Files.createSymbolicLink(root.resolve("out"), tmp.resolve("secret.txt"));
        // an MRC header claiming 10^6 x 10^6 pixels
        Path huge = mrc("huge.mrc", 4, 4, 1);
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(
                    java.nio.ByteBuffer.allocate(8)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(1_000_000)
                            .putInt(1_000_000)
                            .flip(),
                    0);
        }

        for (String path : List.of(
                "../secret.txt",
                "out",
                "C:\\secret.txt",
                "%2e%2e/secret.txt",
                tmp.resolve("secret.txt").toString())) {
            TestServer.Response r = server.post(PATH, map("path", path, "kind", "raw", "session", "s1"));
            assertThat(r.status()).as(path).isEqualTo(422);
            assertThat(r.json().get("errors").get(0).get("loc").toString()).isEqualTo("[\"body\",\"path\"]");
            assertThat(r.json().get("detail").asText()).contains(path);
        }
        TestServer.Response tooLarge = server.post(PATH, map("path", "huge.mrc", "kind", "raw", "session", "s1"));
        assertThat(tooLarge.status()).isEqualTo(422);
        assertThat(tooLarge.json().get("detail").asText()).contains("huge.mrc").contains("nx");

        TestServer.Response missingFields = server.post(PATH, map("uid", "bad uid!", "shape", List.of(-1)));
        assertThat(missingFields.status()).isEqualTo(422);
        assertThat(missingFields.json().get("errors").toString())
                .contains("uid")
                .contains("path")
                .contains("kind")
                .contains("session")
                .contains("shape");

        TestServer.Response orphan =
                server.post(PATH, map("path", "ok.bin", "kind", "raw", "session", "s1", "parents", List.of("nobody")));
        assertThat(orphan.status()).isEqualTo(404);
        assertThat(orphan.json().get("detail").asText()).contains("nobody");

        TestServer.Response mixed = server.post(
                PATH,
                List.of(
                        map("uid", "good", "path", "ok.bin", "kind", "raw", "session", "s1"),
                        map("uid", "bad", "path", "../secret.txt", "kind", "raw", "session", "s1")));
        assertThat(mixed.status()).isEqualTo(422);
        assertThat(mixed.json().get("errors").get(0).get("loc").toString()).isEqualTo("[\"body\",\"1\",\"path\"]");
        assertThat(server.get(PATH).json()).isEmpty();
        assertThat(server.post(PATH, "{not json").status()).isEqualTo(400);
        assertThat(server.events().types()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void rawServesTheFileWholeOrOneRangeAndNeverAFileThatLeftTheRoot(TestDatabase db) throws Exception {
        start(db);
        byte[] content = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("data.bin"), content);
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        server.post(PATH, map("uid", "d1", "path", "data.bin", "kind", "raw", "session", "s1"));

        TestServer.Response whole = server.get(PATH + "/d1/raw");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo("0123456789abcdefghij");
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");

        TestServer.Response part = range("bytes=2-5");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("2345");
        assertThat(part.header("Content-Range")).isEqualTo("bytes 2-5/20");
        assertThat(range("bytes=-3").body()).isEqualTo("hij");
        assertThat(range("bytes=18-").body()).isEqualTo("ij");
        TestServer.Response past = range("bytes=20-");
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.header("Content-Range")).isEqualTo("bytes */20");

        Files.delete(root.resolve("data.bin"));
        Files.createSymbolicLink(root.resolve("data.bin"), tmp.resolve("secret.txt"));
        TestServer.Response gone = server.get(PATH + "/d1/raw");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).doesNotContain("outside").contains("data.bin");
        assertThat(server.get(PATH + "/d1").json().get("status").asText()).isEqualTo("missing");
        assertThat(server.events().types()).containsExactly("data_object.registered", "data_object.missing");
        server.get(PATH + "/d1/raw");
        assertThat(server.events().types()).as("missing is told once").hasSize(2);
    }

    private TestServer.Response range(String range) {
        return server.send(HttpRequest.newBuilder(server.uri(PATH + "/d1/raw"))
                .header("Range", range)
                .GET());
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void checksumsAreVerifiedOffTheRequestAndACorruptFileIsReported(TestDatabase db) throws Exception {
        start(db);
        byte[] content = "frame data".getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("good.bin"), content);
        Files.write(root.resolve("bad.bin"), content);
        String sum = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        String wrong = "sha256:" + "0".repeat(64);

        TestServer.Response good = server.post(
                PATH, map("uid", "good", "path", "good.bin", "kind", "raw", "session", "s1", "checksum", sum));
        assertThat(good.status()).isEqualTo(201);
        server.post(PATH, map("uid", "bad", "path", "bad.bin", "kind", "raw", "session", "s1", "checksum", wrong));

        var verified = server.events().await(e -> e.type().equals("data_object.verified"), HANG);
        assertThat(verified.entityUuid()).isEqualTo("good");
        var corrupt = server.events().await(e -> e.type().equals("data_object.corrupt"), HANG);
        assertThat(corrupt.entityUuid()).isEqualTo("bad");
        assertThat(corrupt.payloadJson()).contains("0000000000");
        assertThat(server.get(PATH + "/good").json().get("status").asText()).isEqualTo("verified");
        assertThat(server.get(PATH + "/bad").json().get("status").asText()).isEqualTo("corrupt");
        assertThat(server.post(PATH, map("path", "good.bin", "kind", "raw", "session", "s1", "checksum", "md5:00"))
                        .status())
                .isEqualTo(422);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aChecksumLeftUncheckedAtShutdownIsCheckedAtTheNextStart(TestDatabase db) throws Exception {
        root = StorageFixture.root(tmp);
        byte[] content = "frame data".getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("late.bin"), content);
        Path r = root;
        try (TestServer first =
                TestServer.startSharing(db, c -> c.withStorage(c.storage().withRoots(List.of(r))), b -> b)) {
            assertThat(first.post(PATH, map("uid", "late", "path", "late.bin", "kind", "raw", "session", "s1"))
                            .status())
                    .isEqualTo(201);
        }
        // as if the server had stopped before its verifier got to the object
        String sum = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (var c = db.dataSource().getConnection();
                var update = c.prepareStatement(
                        "UPDATE data_object SET status = 'verifying', checksum = ? WHERE uid = 'late'")) {
            update.setString(1, sum);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        server = TestServer.startSharing(db, c -> c.withStorage(c.storage().withRoots(List.of(r))), b -> b);
        var verified = server.events().await(e -> e.type().equals("data_object.verified"), HANG);
        assertThat(verified.entityUuid()).isEqualTo("late");
        assertThat(server.get(PATH + "/late").json().get("status").asText()).isEqualTo("verified");
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void viewersReadAndOnlyAgentsAndAdminsWrite(TestDatabase db) throws Exception {
        start(db);
        Files.writeString(root.resolve("a.bin"), "a");
        String viewer = server.running().tokens().create("v", Role.VIEWER).secret();
        String agent = server.running().tokens().create("a", Role.AGENT).secret();
        String admin = server.running().tokens().create("adm", Role.ADMIN).secret();
        Map<String, Object> body = map("uid", "a", "path", "a.bin", "kind", "raw", "session", "s1");
        assertThat(server.postAs(null, PATH, body).status()).isEqualTo(401);
        assertThat(server.postAs(viewer, PATH, body).status()).isEqualTo(403);
        assertThat(server.postAs(agent, PATH, body).status()).isEqualTo(201);
        assertThat(server.postAs(admin, PATH, body).status()).isEqualTo(200);
        assertThat(server.getAs(viewer, PATH + "/a/raw").body()).isEqualTo("a");
        assertThat(server.getAs(null, PATH + "/a").status()).isEqualTo(401);
        assertThat(READ.role()).isEqualTo(Role.VIEWER);
    }

    private static List<String> uids(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.get("uid").asText())
                .toList();
    }
}
