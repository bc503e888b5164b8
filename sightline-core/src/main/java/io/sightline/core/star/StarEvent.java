package io.sightline.core.star;

/**
 * What a {@link StarStream} reads next, in file order: a block's header, a key-value pair, a loop's header,
 * one of its rows, and finally the end with the text after the last element. A {@link StarWriter} writes
 * the same events back.
 */
public sealed interface StarEvent permits StarBlockHeader, StarPair, StarLoopHeader, StarRow, StarEnd {}
