package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.ids.EntityUuids;
import io.sightline.server.events.Event;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.RecordingEventSink;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestEvents;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The persistence contract, on H2 and on PostgreSQL. */
class EntityStoreTest {
    private static final String ACQ = "00000000-0000-0000-0000-00000000000a";
    private static final String GRID = "00000000-0000-0000-0000-00000000000b";
    private static final String SQUARE = "00000000-0000-0000-0000-00000000000c";

    private final RecordingEventSink sink = new RecordingEventSink();

    private EntityStore store(TestDatabase db) {
        Database database = db.open();
        return new EntityStore(
                database, new WriteTransactions(database, sink, Clock.systemUTC()), new EntityJson(new ObjectMapper()));
    }

    private static Upsert acquisition(String uuid, String name) {
        return Upsert.createOrUpdate(EntityKind.ACQUISITION, uuid, Map.of("name", name));
    }

    private static Upsert grid(String uuid, String acquisition) {
        return Upsert.createOrUpdate(EntityKind.GRID, uuid, Map.of("acquisition_uuid", acquisition, "name", "grid 1"));
    }

    private static Upsert square(String uuid, String grid, String id, double defocus) {
        return Upsert.createOrUpdate(
                EntityKind.GRIDSQUARE, uuid, Map.of("grid_uuid", grid, "gridsquare_id", id, "defocus", defocus));
    }

    private static void seedSquare(EntityStore store) {
        store.upsert(List.of(acquisition(ACQ, "session"), grid(GRID, ACQ), square(SQUARE, GRID, "1001", -1.5)));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void sameEntitySentTwiceIsStoredOnceAndTheRepeatWritesNoEvent(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);
        sink.clear();

        List<UpsertResult> again = store.upsert(List.of(square(SQUARE, GRID, "1001", -1.5)));

        assertThat(again.getFirst().outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(store.listByParent(EntityKind.GRIDSQUARE, GRID)).hasSize(1);
        assertThat(sink.events()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void changedFieldUpdatesTheEntityAndEmitsAnUpdatedEvent(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);
        sink.clear();

        List<UpsertResult> changed = store.upsert(List.of(square(SQUARE, GRID, "1001", -2.0)));

        assertThat(changed.getFirst().outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(store.get(EntityKind.GRIDSQUARE, SQUARE).get("defocus")).isEqualTo(-2.0);
        assertThat(sink.types()).containsExactly("gridsquare.updated");
        assertThat(sink.events().getFirst().acquisitionUuid()).isEqualTo(ACQ);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void fieldsNotSentKeepTheirStoredValues(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);

        store.upsert(List.of(Upsert.createOrUpdate(EntityKind.GRIDSQUARE, SQUARE, Map.of("selected", true))));

        Entity square = store.get(EntityKind.GRIDSQUARE, SQUARE);
        assertThat(square.get("defocus")).isEqualTo(-1.5);
        assertThat(square.get("selected")).isEqualTo(true);
        assertThat(square.get("gridsquare_id")).isEqualTo("1001");
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void sameNaturalKeyUnderAnotherUuidIsTheSameEntityAndTheNewUuidItsAlias(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);
        String other = UUID.randomUUID().toString();

        UpsertResult result =
                store.upsert(List.of(square(other, GRID, "1001", -1.5))).getFirst();

        assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(result.entity().uuid()).isEqualTo(SQUARE);
        assertThat(store.listByParent(EntityKind.GRIDSQUARE, GRID)).hasSize(1);
        assertThat(store.get(EntityKind.GRIDSQUARE, other).uuid()).isEqualTo(SQUARE);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void movingAnEntityOntoATakenNaturalKeyIsAConflictNamingTheExistingEntity(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);
        String other = UUID.randomUUID().toString();
        store.upsert(List.of(square(other, GRID, "1002", -1.5)));

        UpsertResult result =
                store.upsert(List.of(square(other, GRID, "1001", -1.5))).getFirst();

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.error())
                .isInstanceOfSatisfying(
                        DataException.Conflict.class,
                        c -> assertThat(c.existingUuid()).isEqualTo(SQUARE));
        assertThat(store.listByParent(EntityKind.GRIDSQUARE, GRID)).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void unknownParentIsNotFoundAndTheOtherItemsStillApply(TestDatabase db) {
        EntityStore store = store(db);
        String missingGrid = UUID.randomUUID().toString();

        List<UpsertResult> results =
                store.upsert(List.of(acquisition(ACQ, "a"), square(SQUARE, missingGrid, "1", 0.0)));

        assertThat(results.get(0).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(results.get(1).error())
                .isInstanceOf(DataException.NotFound.class)
                .hasMessageContaining(missingGrid);
        assertThat(store.find(EntityKind.ACQUISITION, ACQ)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void missingRequiredFieldIsInvalid(TestDatabase db) {
        EntityStore store = store(db);
        store.upsert(List.of(acquisition(ACQ, "a")));

        UpsertResult result = store.upsert(
                        List.of(Upsert.createOrUpdate(EntityKind.GRID, GRID, Map.of("acquisition_uuid", ACQ))))
                .getFirst();

        assertThat(result.error())
                .isInstanceOfSatisfying(
                        DataException.Invalid.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void updateOfUnknownEntityIsNotFound(TestDatabase db) {
        EntityStore store = store(db);

        assertThatThrownBy(() -> store.upsertOne(Upsert.update(EntityKind.ACQUISITION, ACQ, Map.of("name", "x"))))
                .isInstanceOf(DataException.NotFound.class);
        assertThat(store.list(EntityKind.ACQUISITION)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void deletingAnAcquisitionDeletesEverythingUnderIt(TestDatabase db) throws Exception {
        EntityStore store = store(db);
        seedSquare(store);
        String hole = UUID.randomUUID().toString();
        String micrograph = UUID.randomUUID().toString();
        store.upsert(List.of(
                Upsert.createOrUpdate(EntityKind.FOILHOLE, hole, Map.of("gridsquare_uuid", SQUARE, "foilhole_id", "7")),
                Upsert.createOrUpdate(EntityKind.MICROGRAPH, micrograph, Map.of("foilhole_uuid", hole))));
        sink.clear();

        assertThat(store.delete(EntityKind.ACQUISITION, ACQ)).isTrue();

        for (EntityKind kind : EntityKind.values()) {
            assertThat(store.list(kind)).as(kind.name()).isEmpty();
        }
        assertThat(sink.types()).containsExactly("acquisition.deleted");
        assertThat(store.delete(EntityKind.ACQUISITION, ACQ)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyChangeIsInTheEventLogAndOutboxWithIncreasingIdsMatchingTheSink(TestDatabase db) throws Exception {
        EntityStore store = store(db);
        seedSquare(store);
        store.upsert(List.of(square(SQUARE, GRID, "1001", 3.0)));

        List<String> loggedTypes = new ArrayList<>();
        List<Long> loggedIds = new ArrayList<>();
        long outboxRows;
        try (var c = db.open().dataSource().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, event_type FROM event_log ORDER BY id")) {
                while (rs.next()) {
                    loggedIds.add(rs.getLong(1));
                    loggedTypes.add(rs.getString(2));
                }
            }
        }
        outboxRows = TestEvents.outboxDepth(db.open().dataSource());
        assertThat(loggedTypes)
                .containsExactly("acquisition.created", "grid.created", "gridsquare.created", "gridsquare.updated");
        assertThat(outboxRows).isEqualTo(4);
        assertThat(sink.events()).extracting(Event::id).containsExactlyElementsOf(loggedIds);
        assertThat(loggedIds).isSorted();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aBatchLargerThanOneEventStatementGetsEachEventUnderTheIdItsRowWasStoredWith(TestDatabase db) throws Exception {
        EntityStore store = store(db);
        seedSquare(store);
        List<Upsert> squares = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String uuid = String.format("00000000-0000-0000-0001-%012d", i);
            squares.add(Upsert.createOrUpdate(
                    EntityKind.GRIDSQUARE,
                    uuid,
                    Map.of(
                            "grid_uuid",
                            GRID,
                            "gridsquare_id",
                            Integer.toString(2000 + i),
                            "defocus",
                            -1.0 - i,
                            "selected",
                            i % 2 == 0,
                            "center_x",
                            (long) i,
                            "acquisition_datetime",
                            java.time.Instant.parse("2025-01-08T10:15:30.123456Z")
                                    .plusSeconds(i))));
        }
        int before = sink.events().size();
        store.upsert(squares);
        List<Event> heard = sink.events().subList(before, sink.events().size());

        Map<Long, String> stored = new java.util.HashMap<>();
        try (var c = db.open().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT id, entity_uuid FROM event_log WHERE event_type = 'gridsquare.created'")) {
            while (rs.next()) {
                stored.put(rs.getLong(1), rs.getString(2));
            }
        }
        assertThat(heard).hasSize(2500).allSatisfy(e -> assertThat(stored).containsEntry(e.id(), e.entityUuid()));
        assertThat(heard)
                .extracting(Event::entityUuid)
                .containsExactlyElementsOf(squares.stream().map(Upsert::uuid).toList());
        Entity last = store.get(EntityKind.GRIDSQUARE, squares.getLast().uuid());
        assertThat(last.get("acquisition_datetime"))
                .isEqualTo(
                        java.time.Instant.parse("2025-01-08T10:15:30.123456Z").plusSeconds(2499));
        assertThat(last.get("selected")).isEqualTo(false);
        assertThat(last.get("center_x")).isEqualTo(2499L);
        assertThat(last.get("defocus")).isEqualTo(-2500.0);
        assertThat(last.get("status")).as("a column not given").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void failedTransactionLeavesNeitherChangesNorEvents(TestDatabase db) {
        Database database = db.open();
        WriteTransactions transactions = new WriteTransactions(database, sink, Clock.systemUTC());
        EntityStore store = new EntityStore(database, transactions, new EntityJson(new ObjectMapper()));

        assertThatThrownBy(() -> transactions.write(tx -> {
                    store.upsert(tx, List.of(acquisition(ACQ, "doomed")));
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(store.list(EntityKind.ACQUISITION)).isEmpty();
        assertThat(sink.events()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void tilePositionNeedsAnExistingSquareAndIsIdempotent(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);
        String atlas = UUID.randomUUID().toString();
        String tile = UUID.randomUUID().toString();
        store.upsert(List.of(
                Upsert.createOrUpdate(EntityKind.ATLAS, atlas, Map.of("grid_uuid", GRID, "name", "atlas")),
                Upsert.createOrUpdate(EntityKind.ATLAS_TILE, tile, Map.of("atlas_uuid", atlas, "tile_id", "t1"))));
        Map<String, Object> position = Map.of(
                "atlastile_uuid",
                tile,
                "gridsquare_uuid",
                SQUARE,
                "center_x",
                10L,
                "center_y",
                20L,
                "size_width",
                5L,
                "size_height",
                6L);
        String positionUuid = EntityUuids.position(tile, SQUARE);

        Outcome first = store.upsert(List.of(
                        Upsert.createOrUpdate(EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION, positionUuid, position)))
                .getFirst()
                .outcome();
        Outcome second = store.upsert(List.of(
                        Upsert.createOrUpdate(EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION, positionUuid, position)))
                .getFirst()
                .outcome();
        UpsertResult unknownSquare = store.upsert(List.of(Upsert.createOrUpdate(
                        EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION,
                        EntityUuids.position(tile, ACQ),
                        Map.of(
                                "atlastile_uuid",
                                tile,
                                "gridsquare_uuid",
                                ACQ,
                                "center_x",
                                1L,
                                "center_y",
                                1L,
                                "size_width",
                                1L,
                                "size_height",
                                1L))))
                .getFirst();

        assertThat(first).isEqualTo(Outcome.CREATED);
        assertThat(second).isEqualTo(Outcome.UNCHANGED);
        assertThat(unknownSquare.error()).isInstanceOf(DataException.NotFound.class);
        assertThat(store.listByParent(EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION, tile))
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void secondAtlasForTheSameGridIsTheFirstUnderAnAlias(TestDatabase db) {
        EntityStore store = store(db);
        seedSquare(store);
        String first = UUID.randomUUID().toString();
        store.upsert(
                List.of(Upsert.createOrUpdate(EntityKind.ATLAS, first, Map.of("grid_uuid", GRID, "name", "first"))));

        UpsertResult second = store.upsert(List.of(Upsert.createOrUpdate(
                        EntityKind.ATLAS, UUID.randomUUID().toString(), Map.of("grid_uuid", GRID, "name", "second"))))
                .getFirst();

        assertThat(second.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(second.entity().uuid()).isEqualTo(first);
        assertThat(store.listByParent(EntityKind.ATLAS, GRID))
                .singleElement()
                .satisfies(a -> assertThat(a.get("name")).isEqualTo("second"));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void concurrentWritersDeliverEventsToTheSinkInIdOrderWithNoGaps(TestDatabase db) throws Exception {
        EntityStore store = store(db);
        store.upsert(List.of(acquisition(ACQ, "a"), grid(GRID, ACQ)));
        int writers = 6;
        int perWriter = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.upsert(List.of(
                                square(UUID.randomUUID().toString(), GRID, writer + "-" + i, i),
                                square(UUID.randomUUID().toString(), GRID, writer + "-" + i + "b", i)));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> ids = sink.events().stream().map(Event::id).toList();
        assertThat(ids).hasSize(2 + writers * perWriter * 2);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        List<Long> logged = new ArrayList<>();
        try (var c = db.open().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM event_log ORDER BY id")) {
            while (rs.next()) {
                logged.add(rs.getLong(1));
            }
        }
        assertThat(ids).containsExactlyElementsOf(logged);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyValueTypeRoundTripsSoThatAResendIsUnchanged(TestDatabase db) {
        EntityStore store = store(db);
        java.time.Instant start = java.time.Instant.parse("2025-05-01T10:00:00.123456Z");
        Map<String, Object> fields = Map.of("name", "typed", "status", "started", "start_time", start);
        store.upsert(List.of(Upsert.createOrUpdate(EntityKind.ACQUISITION, ACQ, fields), grid(GRID, ACQ)));
        Map<String, Object> squareFields = new java.util.HashMap<>(Map.of(
                "grid_uuid",
                GRID,
                "gridsquare_id",
                "1",
                "center_x",
                123456789012L,
                "defocus",
                -1.25e-6,
                "selected",
                false,
                "acquisition_datetime",
                start));
        store.upsert(List.of(Upsert.createOrUpdate(EntityKind.GRIDSQUARE, SQUARE, squareFields)));
        sink.clear();

        List<UpsertResult> again = store.upsert(List.of(
                Upsert.createOrUpdate(EntityKind.ACQUISITION, ACQ, fields),
                Upsert.createOrUpdate(EntityKind.GRIDSQUARE, SQUARE, squareFields)));

        assertThat(again).extracting(UpsertResult::outcome).containsOnly(Outcome.UNCHANGED);
        assertThat(sink.events()).isEmpty();
        Entity square = store.get(EntityKind.GRIDSQUARE, SQUARE);
        assertThat(square.get("acquisition_datetime")).isEqualTo(start);
        assertThat(square.get("center_x")).isEqualTo(123456789012L);
        assertThat(square.get("defocus")).isEqualTo(-1.25e-6);
        assertThat(square.get("selected")).isEqualTo(false);
        assertThat(square.get("lowmag")).isEqualTo(false);
    }
}
