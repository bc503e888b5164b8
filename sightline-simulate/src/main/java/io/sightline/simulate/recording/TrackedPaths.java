package io.sightline.simulate.recording;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Something known about recorded paths during a replay (which files are placeholders, which failed
 * verification), kept right as files and folders are moved and deleted.
 */
final class TrackedPaths<V> {

    private final Map<String, V> byPath = new HashMap<>();

    void put(String path, V value) {
        byPath.put(path, value);
    }

    V get(String path) {
        return byPath.get(path);
    }

    boolean contains(String path) {
        return byPath.containsKey(path);
    }

    V remove(String path) {
        return byPath.remove(path);
    }

    /** Forgets {@code path} and, when it is a folder, everything under it; returns what was forgotten. */
    List<V> removeAll(String path) {
        List<V> removed = new ArrayList<>();
        String prefix = path + "/";
        for (var it = byPath.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals(path) || e.getKey().startsWith(prefix)) {
                removed.add(e.getValue());
                it.remove();
            }
        }
        return removed;
    }

    /** {@code from} (a file, or a folder with everything under it) is now at {@code to}. */
    void move(String from, String to) {
        String prefix = from + "/";
        Map<String, V> moved = new HashMap<>();
        for (var it = byPath.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals(from) || e.getKey().startsWith(prefix)) {
                moved.put(to + e.getKey().substring(from.length()), e.getValue());
                it.remove();
            }
        }
        byPath.putAll(moved);
    }

    List<V> values() {
        return List.copyOf(byPath.values());
    }
}
