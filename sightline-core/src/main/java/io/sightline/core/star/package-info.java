/**
 * STAR files as RELION writes them (3.1+ layout: named data blocks, key-value pairs and loops, quoting,
 * comments, {@code # version} headers): a streaming reader ({@link io.sightline.core.star.StarReader},
 * {@link io.sightline.core.star.StarStream}) with bounded memory for particle files of millions of rows, a
 * document model ({@link io.sightline.core.star.StarFile}) for the small files, and a writer
 * ({@link io.sightline.core.star.StarWriter}).
 *
 * <p>Round trip is exact: every element read keeps its source text (with the blank lines and comments
 * before it), and the writer writes that text back unchanged. Elements made or changed in code have no
 * source and are formatted the way RELION formats them, so an edited file differs from the original only
 * where it was edited. Nothing here knows what a RELION label means; the typed views of RELION's own
 * files are in {@code io.sightline.core.relion}.
 *
 * <p>Syntax accepted, as RELION's own reader does: values separated by spaces or tabs; values quoted with
 * {@code "} or {@code '} when they hold whitespace, closed by the same quote followed by whitespace, a
 * quote preceded by BEL (U+0007) not closing (RELION's escape); {@code #} starting a comment where a value
 * would start; a loop's rows ending at a blank line (also at a new block, loop or pair). Multi-line text
 * fields ({@code ;}) and {@code save_}/{@code global_} frames are not RELION's and are reported as
 * unsupported. Failures are {@link io.sightline.core.text.TextReadException}s naming file, line and column.
 */
package io.sightline.core.star;
