package io.sightline.server.pipeline.results;

import io.sightline.pipeline.results.MicrographKey;
import io.sightline.server.persistence.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the micrographs the server knows by {@link MicrographKey}: the key of the EPU manifest's path or of the
 * movie's ({@code high_res_path}), whichever form (Windows or POSIX, movie suffix or not) they were stored in.
 * One pass over the micrograph table keeping only the keys asked for, so memory is bounded by the job's output,
 * not by the table.
 */
final class KnownMicrographs {
    /** A micrograph a key matched: what an update needs to know about it. */
    record Known(String uuid, String acquisitionUuid, String status) {}

    private final Database database;

    KnownMicrographs(Database database) {
        this.database = database;
    }

    /** key → the micrographs holding it (more than one only when two acquisitions reuse a file name). */
    Map<String, List<Known>> byKey(Set<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return database.read(c -> {
            Map<String, List<Known>> out = new HashMap<>();
            // PostgreSQL's driver streams by the fetch size only inside a transaction; otherwise it reads every row
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT uuid, acquisition_uuid, status, manifest_file, high_res_path FROM micrograph")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Known m = new Known(rs.getString(1), rs.getString(2), rs.getString(3));
                        String manifest = key(rs.getString(4));
                        String movie = key(rs.getString(5));
                        if (manifest != null && keys.contains(manifest)) {
                            out.computeIfAbsent(manifest, k -> new ArrayList<>())
                                    .add(m);
                        }
                        if (movie != null && !movie.equals(manifest) && keys.contains(movie)) {
                            out.computeIfAbsent(movie, k -> new ArrayList<>()).add(m);
                        }
                    }
                }
            } finally {
                c.rollback(); // read only: nothing to keep
                c.setAutoCommit(autoCommit);
            }
            return out;
        });
    }

    private static String key(String path) {
        return path == null || path.isBlank() ? null : MicrographKey.of(path);
    }
}
