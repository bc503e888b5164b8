package io.sightline.cli.epu;

import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.read.EpuReader;
import io.sightline.core.epu.read.EpuReaders;
import java.util.function.Function;

/** The single-file kinds {@code sightline parse} knows, each with its command name and reader. */
enum FileKind {
    SESSION("session", "an EpuSession.dm", EpuReaders::session),
    ATLAS("atlas", "an Atlas/Atlas.dm", EpuReaders::atlas),
    GRIDSQUARE_METADATA("gridsquare-metadata", "a Metadata/GridSquare_<id>.dm", EpuReaders::gridSquare),
    GRIDSQUARE(
            "gridsquare",
            "a grid-square image manifest (Images-Disc<N>/GridSquare_<id>/GridSquare_*.xml)",
            EpuReaders::gridSquareManifest),
    FOILHOLE("foilhole", "a foil-hole manifest (.../FoilHoles/FoilHole_<id>_*.xml)", EpuReaders::foilHoleManifest),
    MICROGRAPH("micrograph", "a micrograph manifest (.../Data/FoilHole_<id>_Data_*.xml)", EpuReaders::micrograph);

    private final String command;
    private final String what;
    private final Function<EpuReaders, ? extends EpuReader<? extends EpuRecord>> reader;

    FileKind(String command, String what, Function<EpuReaders, ? extends EpuReader<? extends EpuRecord>> reader) {
        this.command = command;
        this.what = what;
        this.reader = reader;
    }

    String command() {
        return command;
    }

    String what() {
        return what;
    }

    EpuReader<? extends EpuRecord> reader(EpuReaders readers) {
        return reader.apply(readers);
    }
}
