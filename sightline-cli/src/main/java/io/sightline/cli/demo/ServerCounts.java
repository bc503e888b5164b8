package io.sightline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a server holds, counted through its SmartEM-compatible API the way anyone would: entities by
 * resource ({@code grids}, {@code atlases}, {@code tiles}, {@code gridsquares}, {@code foilholes},
 * {@code micrographs}, the names {@code SimulatedSession.entityCounts()} uses), and every natural key
 * held by more than one entity.
 *
 * @param counts     entities by resource
 * @param duplicates natural keys seen twice, as {@code resource: key}
 */
public record ServerCounts(Map<String, Integer> counts, List<String> duplicates) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ServerCounts {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts)); // in the order given
        duplicates = List.copyOf(duplicates);
    }

    /** Lists every resource of the server at {@code api} (its root URI), which must let it read without a token. */
    public static ServerCounts of(HttpClient http, URI api) throws IOException, InterruptedException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        counts.put("grids", distinct("grids", list(http, api, "/grids"), duplicates, "acquisition_uuid", "name"));
        JsonNode atlases = list(http, api, "/atlases");
        counts.put("atlases", distinct("atlases", atlases, duplicates, "grid_uuid"));
        int tiles = 0;
        for (JsonNode atlas : atlases) {
            tiles += atlas.path("tiles").size();
        }
        counts.put("tiles", tiles);
        counts.put(
                "gridsquares",
                distinct("gridsquares", list(http, api, "/gridsquares"), duplicates, "grid_uuid", "gridsquare_id"));
        counts.put(
                "foilholes",
                distinct("foilholes", list(http, api, "/foilholes"), duplicates, "gridsquare_uuid", "foilhole_id"));
        counts.put(
                "micrographs", distinct("micrographs", list(http, api, "/micrographs"), duplicates, "micrograph_id"));
        return new ServerCounts(counts, duplicates);
    }

    /** Lists are paged (at most {@value #PAGE} a request): the demo counts every entity, so it reads every page. */
    private static final int PAGE = 10_000;

    private static JsonNode list(HttpClient http, URI api, String path) throws IOException, InterruptedException {
        var all = JSON.createArrayNode();
        for (long offset = 0; ; offset += PAGE) {
            HttpRequest request = HttpRequest.newBuilder(api.resolve(path + "?limit=" + PAGE + "&offset=" + offset))
                    .header("Accept", "application/json")
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode page = JSON.readTree(response.body());
            page.forEach(all::add);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    /** How many entities {@code list} holds; natural keys seen twice go to {@code duplicates}. */
    private static int distinct(String resource, JsonNode list, List<String> duplicates, String... key) {
        Set<String> seen = new HashSet<>();
        for (JsonNode entity : list) {
            StringBuilder k = new StringBuilder();
            for (String field : key) {
                k.append(k.isEmpty() ? "" : "/").append(entity.path(field).asText());
            }
            if (!seen.add(k.toString())) {
                duplicates.add(resource + ": " + k);
            }
        }
        return list.size();
    }
}
