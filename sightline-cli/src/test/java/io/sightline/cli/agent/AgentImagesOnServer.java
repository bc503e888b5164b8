package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a server holds of the images an agent registered, checked against the files on disk: each image
 * once, under the parent image the EPU layout says. {@code get} answers a path's JSON from the server.
 */
final class AgentImagesOnServer {
    private AgentImagesOnServer() {}

    /** The images (JPEG and MRC) the simulator wrote under {@code visit}. */
    static List<Path> imagesOnDisk(Path visit) throws Exception {
        try (Stream<Path> files = Files.walk(visit)) {
            return files.filter(
                            p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".mrc"))
                    .map(p -> p.toAbsolutePath().normalize())
                    .toList();
        }
    }

    /**
     * The server holds each image file once, and its parent is the image the layout says: a micrograph's is
     * the newest image of its foil hole, a foil hole's its square's, a square's and a tile's the atlas.
     * Answers the objects by path.
     */
    static Map<Path, JsonNode> assertImagesOnceWithTheirParents(Function<String, JsonNode> get, Path visit)
            throws Exception {
        JsonNode objects = get.apply("/api/v1/data-objects?limit=1000");
        Map<String, JsonNode> byUid = new HashMap<>();
        Map<Path, JsonNode> byPath = new HashMap<>();
        objects.forEach(o -> {
            assertThat(byUid.put(o.path("uid").asText(), o)).as("uid once").isNull();
            assertThat(byPath.put(Path.of(o.path("path").asText()), o))
                    .as("file once")
                    .isNull();
        });
        List<Path> images = imagesOnDisk(visit);
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(images);
        for (Path image : images) {
            JsonNode object = byPath.get(image);
            List<Path> parents = new ArrayList<>();
            object.path("parents")
                    .forEach(uid -> parents.add(
                            Path.of(byUid.get(uid.asText()).path("path").asText())));
            String name = image.getFileName().toString();
            Path folder = image.getParent();
            List<Path> expected = switch (object.path("kind").asText()) {
                case "atlas" -> List.of();
                case "atlas_tile" -> List.of(newest(folder, "Atlas_"));
                case "gridsquare" -> List.of(newest(atlasFolder(visit), "Atlas_"));
                case "foilhole" -> List.of(newest(folder.getParent(), "GridSquare_"));
                case "micrograph" ->
                    List.of(newest(folder.resolveSibling("FoilHoles"), name.substring(0, name.indexOf("_Data_") + 1)));
                default -> throw new AssertionError("unexpected kind " + object);
            };
            assertThat(parents).as("parents of %s", image).isEqualTo(expected);
        }
        return byPath;
    }

    /** The JPEG in {@code folder} with the greatest name starting with {@code prefix}. */
    private static Path newest(Path folder, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jpg"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow()
                    .toAbsolutePath()
                    .normalize();
        }
    }

    private static Path atlasFolder(Path visit) throws Exception {
        try (Stream<Path> files = Files.walk(visit)) {
            return files.filter(p -> p.getFileName().toString().equals("Atlas.dm"))
                    .findFirst()
                    .orElseThrow()
                    .getParent();
        }
    }
}
