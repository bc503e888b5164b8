package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.path.PathRule;
import io.sightline.core.epu.read.EpuReader;
import io.sightline.core.epu.read.EpuXml;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Everything Sightline knows about one kind of EPU file, in one place: adding a kind is adding one of
 * these to {@link EpuKinds} (see "Add a file kind" in CONTRIBUTING.md).
 *
 * @param name        short name: the {@code sightline parse <name>} subcommand and the name in logs
 * @param description what the file is, for help texts ("a foil-hole manifest (...)")
 * @param fileType    the {@link EpuFile} variant its paths classify to
 * @param recordType  the record its reader gives
 * @param parent      the kind whose entities this kind's entities hang under (null for the root kind)
 * @param rank        ingest order: a kind is applied after every kind of lower rank, so parents arrive first;
 *                    higher than its parent's
 * @param pathRule    recognises the kind from a path alone
 * @param reader      makes the kind's reader from the XML parser settings
 * @param gridFolder  finds the grid folder a file belongs to
 * @param entities    how a record becomes the entities sent to the server
 * @param summary     the few facts of a record a person checks first ({@code sightline parse <name>}), as
 *                    labelled values
 * @param <F>         the file type
 * @param <R>         the record type
 */
public record EpuFileKind<F extends EpuFile, R extends EpuRecord>(
        String name,
        String description,
        Class<F> fileType,
        Class<R> recordType,
        String parent,
        int rank,
        PathRule<F> pathRule,
        Function<EpuXml, ? extends EpuReader<R>> reader,
        GridFolder gridFolder,
        EntityMapping<F, R> entities,
        BiConsumer<R, BiConsumer<String, Object>> summary) {

    public EpuFileKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(pathRule, "pathRule");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(gridFolder, "gridFolder");
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(summary, "summary");
    }

    @Override
    public String toString() {
        return "EpuFileKind[" + name + "]";
    }
}
