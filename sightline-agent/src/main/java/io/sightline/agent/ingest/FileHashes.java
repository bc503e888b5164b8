package io.sightline.agent.ingest;

import java.nio.file.Path;
import java.util.Map;

/**
 * The content hash of each file as last applied, kept across restarts so that an unchanged file is not
 * read (nor its entities sent) again. They are recorded with the files' changes ({@link EntitySink}).
 */
public interface FileHashes {
    /** Every file applied so far and its hash (read once, at start). */
    Map<Path, String> fileHashes();

    /** Nothing kept: every run starts from scratch (dry runs, tests). */
    FileHashes NONE = new FileHashes() {
        @Override
        public Map<Path, String> fileHashes() {
            return Map.of();
        }
    };
}
