package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxEntry;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.MicrographField;
import io.sightline.core.wire.Reading;
import io.sightline.core.wire.WireField;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent sends what the wire vocabulary declares, and the vocabulary declares nothing the agent
 * could send but does not: a simulated session goes through the agent's ingest chain (read, reconcile,
 * store) and every stored item is checked against the declarations the server reads with. A field the
 * agent never sends must say why ({@code notFromAgent}), and then the agent must really never send it.
 */
class WireVocabularyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** Every item the agent stores for a simulated session, as JSON. */
    private List<JsonNode> items(Path visit) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        try (AgentStore store = AgentStore.inMemory("vocabulary-" + visit.getFileName());
                IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.start();
            try (Stream<Path> files = Files.walk(visit)) {
                files.filter(Files::isRegularFile).sorted().forEach(pipeline::offer);
            }
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(60))).isTrue();
            for (OutboxEntry entry : store.peek(1_000_000)) {
                items.add(JSON.readTree(entry.itemJson()));
            }
        }
        return items;
    }

    private static EpuSimulation session() {
        return EpuSimulation.builder()
                .grids(2)
                .squares(6)
                .visitedSquares(3)
                .holesPerSquare(4)
                .acquiredHolesPerSquare(2)
                .micrographsPerHole(2)
                .atlasTiles(2)
                .build();
    }

    @Test
    void everyItemOfASimulatedSessionHoldsOnlyDeclaredFieldsWithinTheirLimits() throws Exception {
        Path visit = temp.resolve("visit");
        EpuSimulator.write(visit, session());
        Map<EntityType, Set<String>> sent = new EnumMap<>(EntityType.class);
        List<String> problems = new ArrayList<>();

        for (JsonNode item : items(visit)) {
            EntityType type = EntityType.find(item.path(EntityType.KIND_FIELD).asText())
                    .orElseThrow(() -> new AssertionError("undeclared kind in " + item));
            assertThat(item.has(EntityType.UUID_FIELD)).as(item.toString()).isEqualTo(type.uuidOnWire());
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                if (name.equals(EntityType.KIND_FIELD) || name.equals(EntityType.UUID_FIELD)) {
                    continue;
                }
                sent.computeIfAbsent(type, t -> new HashSet<>()).add(name);
                type.field(name)
                        .ifPresentOrElse(
                                declared -> {
                                    if (declared.spec().read(field.getValue()) instanceof Reading.Refused refused) {
                                        problems.add(type.wireName() + "." + name + " = " + field.getValue() + ": "
                                                + refused.violation().message());
                                    }
                                },
                                () -> problems.add("the agent sends " + type.wireName() + "." + name
                                        + ", which the vocabulary does not declare"));
            }
        }

        for (EntityType type : EntityType.values()) {
            Set<String> fields = sent.getOrDefault(type, Set.of());
            assertThat(fields).as("no %s was sent at all", type.wireName()).isNotEmpty();
            for (WireField field : type.fields()) {
                boolean wasSent = fields.contains(field.wireName());
                if (field.spec().sentByAgent() && !wasSent) {
                    problems.add(type.wireName() + "." + field.wireName()
                            + " is declared as sent by the agent, which never sent it; declare why (notFromAgent)");
                }
                if (!field.spec().sentByAgent() && wasSent) {
                    problems.add(type.wireName() + "." + field.wireName() + " is declared as never sent by the agent ("
                            + field.spec().notFromAgent() + "), which sent it");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aValueOverItsLimitInARealFileIsLeftOutAndItsEntityStillSent() throws Exception {
        Path visit = temp.resolve("long-detector");
        SimulatedSession truth = EpuSimulator.write(visit, session());
        Path manifest;
        try (Stream<Path> files = Files.walk(visit)) {
            manifest = files.filter(p -> p.getFileName().toString().startsWith("FoilHole_")
                            && p.getFileName().toString().endsWith(".xml")
                            && p.toString().contains("Data"))
                    .findFirst()
                    .orElseThrow();
        }
        String xml = Files.readString(manifest);
        String longName = "Falcon ".repeat(36).substring(0, 250);
        String changed = xml.replaceFirst(
                "(<a:Key>DetectorCommercialName</a:Key><a:Value[^>]*>)[^<]*(</a:Value>)", "$1" + longName + "$2");
        assertThat(changed).isNotEqualTo(xml);
        Files.writeString(manifest, changed);

        List<JsonNode> micrographs = items(visit).stream()
                .filter(i -> i.path(EntityType.KIND_FIELD).asText().equals(EntityType.MICROGRAPH.wireName()))
                .toList();

        assertThat(micrographs).hasSize(truth.micrographCount());
        String file = manifest.toAbsolutePath().normalize().toString();
        JsonNode bad = micrographs.stream()
                .filter(m -> m.path(MicrographField.MANIFEST_FILE.wireName())
                        .asText()
                        .equals(file))
                .findFirst()
                .orElseThrow();
        assertThat(bad.has(MicrographField.DETECTOR_NAME.wireName())).isFalse();
        assertThat(bad.has(MicrographField.ACQUISITION_DATETIME.wireName())).isTrue();
        assertThat(micrographs)
                .filteredOn(m -> m != bad)
                .allSatisfy(m -> assertThat(m.has(MicrographField.DETECTOR_NAME.wireName()))
                        .isTrue());
    }
}
