package io.sightline.core.star;

/** What a data block holds, in order: key-value pairs and loops. */
public sealed interface StarItem permits StarPair, StarLoop {}
