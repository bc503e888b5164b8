package io.sightline.simulate.recording;

/**
 * A change seen in the recorded tree, with {@code /}-separated paths relative to its root. This is all
 * the recorder needs from a watcher: it reads the file itself to tell an append from a rewrite.
 */
public sealed interface PathChange {

    String path();

    boolean isDirectory();

    record Created(String path, boolean isDirectory) implements PathChange {}

    record Modified(String path) implements PathChange {
        @Override
        public boolean isDirectory() {
            return false;
        }
    }

    record Deleted(String path, boolean isDirectory) implements PathChange {}

    record Moved(String path, String destination, boolean isDirectory) implements PathChange {}
}
