/**
 * The agent's file watcher: the file-system layer that turns a directory tree an instrument writes into
 * a stream of settled files for the ingest pipeline.
 *
 * <p>{@link io.sightline.agent.watch.DirectoryWatcher} (configured by a
 * {@link io.sightline.agent.watch.WatchOptions}) calls a {@link io.sightline.agent.watch.FileListener}
 * with each {@link io.sightline.agent.watch.SettledFile}, with deletions and with
 * {@link io.sightline.agent.watch.WatchStatus} updates. When a file settles is decided by the pure
 * {@link io.sightline.agent.watch.SettleTracker}. Nothing here reads file contents or knows EPU: the
 * consumer classifies files and decides by content hash whether a file that settled again changed.
 */
package io.sightline.agent.watch;
