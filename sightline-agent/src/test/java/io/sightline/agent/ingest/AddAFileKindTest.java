package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.core.epu.kind.EpuFileKind;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.kind.GridFolder;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.path.PathRule;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.epu.read.EpuReader;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.GridField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Add a file kind" recipe of CONTRIBUTING.md, followed for a made-up kind: a {@code <grid>/Notes/
 * Note_<n>.txt} whose text names the grid. One registry entry, and the classifier, the readers, {@code
 * parse dir} and the agent's reconciler all know it.
 */
class AddAFileKindTest {

    /** Step 1: the file, with the ids its path holds. */
    record NoteFile(String path, long number) implements EpuFile {}

    /** Step 2: the record it becomes. */
    record Note(long number, String text) implements EpuRecord {}

    /** Step 3: the path rule. */
    static final PathRule<NoteFile> NOTE_PATH = p -> {
        String name = p.name();
        if (!"Notes".equals(p.parent()) || !name.startsWith("Note_") || !name.endsWith(".txt")) {
            return null;
        }
        String digits = name.substring("Note_".length(), name.length() - ".txt".length());
        return digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)
                ? null
                : new NoteFile(p.text(), Long.parseLong(digits));
    };

    /** Step 4: the reader; its errors are typed, never unchecked. */
    static final class NoteReader implements EpuReader<Note> {
        @Override
        public Note read(Path file) throws EpuReadException {
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, file);
            } catch (IOException e) {
                throw new EpuReadException.Unreadable(file, e.toString(), e);
            }
        }

        @Override
        public Note read(InputStream in, Path file) throws EpuReadException {
            String text;
            try {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new EpuReadException.Unreadable(file, e.toString(), e);
            }
            if (text.isEmpty()) {
                throw new EpuReadException.Incomplete(file, 1, 1, "empty note", null);
            }
            NoteFile f = NOTE_PATH.match(io.sightline.core.epu.path.EpuPath.of(file.toString()));
            return new Note(f == null ? -1 : f.number(), text);
        }
    }

    /** Step 5: the entry, with its entity mapping (the note names its grid) and summary. */
    static final EpuFileKind<NoteFile, Note> NOTE = new EpuFileKind<>(
            "note",
            "a grid note (Notes/Note_<n>.txt)",
            NoteFile.class,
            Note.class,
            "session",
            7,
            NOTE_PATH,
            xml -> new NoteReader(),
            GridFolder.holding("Notes/", "Notes"::equals),
            (file, note, path, grid, to) -> {
                String gridUuid = to.gridUuid(grid);
                if (!to.known(gridUuid)) {
                    to.waitFor(EntityType.GRID.wireName(), gridUuid);
                    return;
                }
                Map<String, Object> f = new LinkedHashMap<>();
                to.put(f, GridField.NAME, note.text());
                to.merge(EntityType.GRID, gridUuid, f);
            },
            (note, facts) -> facts.accept("note " + note.number(), note.text()));

    private final EpuKinds kinds = EpuKinds.standard().with(NOTE);

    @TempDir
    Path visit;

    @Test
    void theRegistryClassifiesReadsAndPlacesTheNewKind() throws Exception {
        Path note = write("grid/Notes/Note_3.txt", "cassette slot 7, good ice");

        EpuFile file = kinds.classify(note).orElseThrow();
        assertThat(file).isEqualTo(new NoteFile(note.toString(), 3));
        assertThat(kinds.kindOf(file)).isSameAs(NOTE);
        assertThat(kinds.read(file)).isEqualTo(new Note(3, "cassette slot 7, good ice"));
        assertThat(kinds.gridFolder(file)).isEqualTo(visit.resolve("grid"));
        assertThat(EpuKinds.standard().classify(note))
                .as("only where it is registered")
                .isEmpty();
        StringBuilder summary = new StringBuilder();
        kinds.summarise(
                NOTE,
                kinds.read(file),
                (label, value) -> summary.append(label).append('=').append(value));
        assertThat(summary).hasToString("note 3=cassette slot 7, good ice");
    }

    @Test
    void parseDirReadsItIntoItsGridAndReportsABrokenOneThere() throws IOException {
        Path session = visit.resolve("grid/EpuSession.dm");
        Files.createDirectories(session.getParent());
        Files.copy(realSession(), session);
        write("grid/Notes/Note_1.txt", "fine");
        Path broken = write("grid/Notes/Note_2.txt", "");

        EpuDirectory d = new EpuDirectoryReader(kinds, 1).read(visit);

        assertThat(d.filesRead()).isEqualTo(3);
        assertThat(d.grids())
                .singleElement()
                .satisfies(g -> assertThat(g.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.file()).isEqualTo(broken)));
        assertThat(d.unassigned()).isEmpty();
    }

    @Test
    void theAgentAppliesItAfterItsGridAndNotBefore() throws Exception {
        Path note = write("grid/Notes/Note_1.txt", "Grid with a note");
        Path session = visit.resolve("grid/EpuSession.dm");
        Reconciler reconciler = new Reconciler(visit, "agent-1", kinds);
        reconciler.start();
        EpuFile noteFile = kinds.classify(note).orElseThrow();

        assertThat(reconciler.apply(noteFile, kinds.read(noteFile), note))
                .isInstanceOf(Reconciler.Result.Waiting.class);
        reconciler.apply(
                kinds.classify(session).orElseThrow(),
                new EpuSession(1, "Grid one", null, null, null, null, null),
                session);
        Reconciler.Result again = reconciler.apply(noteFile, kinds.read(noteFile), note);

        assertThat(again)
                .isInstanceOfSatisfying(
                        Reconciler.Result.Applied.class,
                        a -> assertThat(a.changes()).singleElement().satisfies(c -> {
                            assertThat(c.type()).isEqualTo(EntityType.GRID);
                            assertThat(c.fields()).containsEntry(GridField.NAME.wireName(), "Grid with a note");
                        }));
    }

    @Test
    void theIngestPipelineTakesItFromTheWatcherAndStoresItAfterItsGrid() throws Exception {
        Path note = write("grid/Notes/Note_1.txt", "Grid with a note");
        Path session = visit.resolve("grid/EpuSession.dm");
        Files.copy(realSession(), session);
        try (io.sightline.agent.outbox.AgentStore store = io.sightline.agent.outbox.AgentStore.inMemory("note-kind");
                IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a", kinds), store, store)) {
            pipeline.start();
            pipeline.offer(note); // before its grid: it waits, then goes on
            pipeline.offer(session);

            assertThat(pipeline.awaitIdle(java.time.Duration.ofSeconds(20))).isTrue();
            assertThat(store.peek(100))
                    .filteredOn(e -> e.type().equals(EntityType.GRID.wireName()))
                    .last()
                    .satisfies(e -> assertThat(e.itemJson()).contains("\"name\":\"Grid with a note\""));
        }
    }

    @Test
    void aKindThatDoesNotRankAboveItsParentOrSharesANameIsRefused() {
        assertThatThrownBy(() -> EpuKinds.standard().with(withRank(NOTE, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank above its parent session");
        assertThatThrownBy(() -> kinds.with(NOTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two file kinds are named note");
        assertThatThrownBy(() -> new EpuKinds(List.of(NOTE), io.sightline.core.epu.read.EpuXml.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names parent session, not a kind here");
    }

    private static <F extends EpuFile, R extends EpuRecord> EpuFileKind<F, R> withRank(EpuFileKind<F, R> k, int rank) {
        return new EpuFileKind<>(
                k.name() + "-ranked",
                k.description(),
                k.fileType(),
                k.recordType(),
                k.parent(),
                rank,
                k.pathRule(),
                k.reader(),
                k.gridFolder(),
                k.entities(),
                k.summary());
    }

    private Path write(String relative, String text) throws IOException {
        Path p = visit.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static Path realSession() {
        String p = System.getProperty("sightline.samples");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                p != null && Files.isDirectory(Path.of(p)), "real EPU samples not found; skipping");
        return Path.of(p, "grid-2025", "EpuSession.dm");
    }
}
