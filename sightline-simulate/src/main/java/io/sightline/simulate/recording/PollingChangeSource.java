package io.sightline.simulate.recording;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds changes by comparing successive scans of the tree (size and modification time per path). A file
 * rename is recognised by equal file key (inode, where the file system has one), size and time; a folder
 * rename by its file key.
 * Symbolic links are not followed and not reported. A missing root (a dropped share) reports nothing until
 * it returns.
 */
public final class PollingChangeSource implements ChangeSource {

    /** One path as a scan saw it; {@code key} is the file system's file key (inode), or {@code null}. */
    record Entry(boolean dir, long size, long mtimeNanos, Object key) {
        boolean sameContentAs(Entry o) {
            return dir == o.dir && size == o.size && mtimeNanos == o.mtimeNanos;
        }

        /**
         * What a renamed file keeps: its file key, size and modification time. The key alone is not enough: a
         * file deleted and another created in the same interval may get the freed inode.
         */
        Object identity() {
            return java.util.Arrays.asList(key, size, mtimeNanos);
        }
    }

    private final Path root;
    private Map<String, Entry> previous;

    /** Takes the first scan now: changes are reported relative to this moment. */
    public PollingChangeSource(Path root) throws IOException {
        this.root = root;
        this.previous = scan();
    }

    @Override
    public synchronized List<PathChange> poll() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Map<String, Entry> current = scan();
        List<PathChange> changes = diff(previous, current);
        previous = current;
        return changes;
    }

    private Map<String, Entry> scan() throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) {
                    entries.put(relative(dir), new Entry(true, 0, 0, attrs.fileKey()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    entries.put(
                            relative(file),
                            new Entry(
                                    false,
                                    attrs.size(),
                                    attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                                    attrs.fileKey()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // vanished while scanning: the next scan says so
                }
                if (exc instanceof java.nio.file.AccessDeniedException) {
                    return FileVisitResult.CONTINUE; // unreadable: the rest of the tree still counts
                }
                throw exc;
            }
        });
        return entries;
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    static List<PathChange> diff(Map<String, Entry> old, Map<String, Entry> now) {
        TreeSet<String> deleted = new TreeSet<>();
        TreeSet<String> created = new TreeSet<>();
        TreeSet<String> modified = new TreeSet<>();
        for (var e : old.entrySet()) {
            Entry n = now.get(e.getKey());
            if (n == null || n.dir != e.getValue().dir) {
                deleted.add(e.getKey());
            } else if (!n.dir && !n.sameContentAs(e.getValue())) {
                modified.add(e.getKey());
            }
        }
        for (var e : now.entrySet()) {
            Entry o = old.get(e.getKey());
            if (o == null || o.dir != e.getValue().dir) {
                created.add(e.getKey());
            }
        }

        // Folder renames: the folder and everything under it moved as one.
        List<PathChange> movedDirs = new ArrayList<>();
        List<String> movedDirDestinations = new ArrayList<>();
        Map<Object, String> createdDirsByKey = new HashMap<>();
        for (String c : created) {
            Entry e = now.get(c);
            if (e.dir && e.key != null) {
                createdDirsByKey.putIfAbsent(e.key, c);
            }
        }
        for (String d : new ArrayList<>(deleted)) {
            Entry e = old.get(d);
            if (!deleted.contains(d) || !e.dir || e.key == null || !createdDirsByKey.containsKey(e.key)) {
                continue;
            }
            String dest = createdDirsByKey.remove(e.key);
            if (!created.contains(dest)) {
                continue;
            }
            movedDirs.add(new PathChange.Moved(d, dest, true));
            movedDirDestinations.add(dest);
            deleted.remove(d);
            created.remove(dest);
            String prefix = d + "/";
            for (var child : old.entrySet()) {
                if (!child.getKey().startsWith(prefix)) {
                    continue;
                }
                String mapped = dest + "/" + child.getKey().substring(prefix.length());
                Entry after = now.get(mapped);
                if (after != null
                        && after.dir == child.getValue().dir
                        && deleted.contains(child.getKey())
                        && created.contains(mapped)) {
                    deleted.remove(child.getKey());
                    created.remove(mapped);
                    if (!after.dir && !after.sameContentAs(child.getValue())) {
                        modified.add(mapped);
                    }
                }
            }
        }

        // File renames.
        List<PathChange> movedFiles = new ArrayList<>();
        Map<Object, String> createdFilesByIdentity = new HashMap<>();
        for (String c : created) {
            Entry e = now.get(c);
            if (!e.dir) {
                createdFilesByIdentity.putIfAbsent(e.identity(), c);
            }
        }
        for (String d : new ArrayList<>(deleted)) {
            Entry e = old.get(d);
            if (e.dir) {
                continue;
            }
            String dest = createdFilesByIdentity.remove(e.identity());
            if (dest == null) {
                continue;
            }
            movedFiles.add(new PathChange.Moved(d, dest, false));
            deleted.remove(d);
            created.remove(dest);
            if (!Objects.requireNonNull(now.get(dest)).sameContentAs(e)) {
                modified.add(dest);
            }
        }

        List<PathChange> out = new ArrayList<>();
        List<String> lateDirs = new ArrayList<>();
        for (String c : created) {
            if (now.get(c).dir) {
                if (movedDirDestinations.stream().anyMatch(m -> c.startsWith(m + "/"))) {
                    lateDirs.add(c);
                } else {
                    out.add(new PathChange.Created(c, true));
                }
            }
        }
        out.addAll(movedDirs);
        lateDirs.forEach(c -> out.add(new PathChange.Created(c, true)));
        out.addAll(movedFiles);
        for (String c : created) {
            if (!now.get(c).dir) {
                out.add(new PathChange.Created(c, false));
            }
        }
        modified.forEach(m -> out.add(new PathChange.Modified(m)));
        for (String d : deleted) {
            if (!old.get(d).dir) {
                out.add(new PathChange.Deleted(d, false));
            }
        }
        for (String d : deleted.descendingSet()) {
            if (old.get(d).dir) {
                out.add(new PathChange.Deleted(d, true));
            }
        }
        return out;
    }
}
