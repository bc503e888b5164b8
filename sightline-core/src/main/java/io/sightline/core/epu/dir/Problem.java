package io.sightline.core.epu.dir;

import io.sightline.core.epu.read.EpuReadException;
import java.nio.file.Path;

/** A recognised file that could not be read, with the typed reason. */
public record Problem(Path file, EpuReadException error) {}
