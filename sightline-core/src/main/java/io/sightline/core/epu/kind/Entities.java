package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.WireField;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an {@link EntityMapping} maps into: the entities known so far and where new ones go. The agent's
 * reconciler implements it for one file at a time; a mapping only calls it, so the rules of a kind live in
 * its registry entry and the bookkeeping (what changed, what was sent, what waits) in one place.
 */
public interface Entities {

    /** {@link #waitFor} type of an atlas that no session links yet; its id is the atlas file's path. */
    String ATLAS_LINK = "atlas-link";

    /** The uuid of the grid whose folder is {@code gridFolder} (null: a file outside any grid). */
    String gridUuid(Path gridFolder);

    /** The uuid of the acquisition (the watched visit). */
    String acquisitionUuid();

    /** Whether the entity is known (applied by this run or an earlier one). */
    boolean known(String uuid);

    /**
     * Nothing of this file may be applied: it waits for the parent ({@code type} is an entity type's wire
     * name or {@link #ATLAS_LINK}). The mapping returns right after.
     */
    void waitFor(String type, String id);

    /** Merges {@code fields} into the entity (created when new); a change is kept only when something differs. */
    void merge(EntityType type, String uuid, Map<String, Object> fields);

    /**
     * Puts {@code value} under {@code field}'s wire name, unless it is null or does not fit the field's
     * declared limits (then it is left out, so the entity still arrives and the server is never sent what
     * it must refuse).
     */
    void put(Map<String, Object> fields, WireField field, Object value);

    /** The foil hole as merged so far from its sources (null: none yet). */
    FoilHole hole(String uuid);

    void hole(String uuid, FoilHole hole);

    /** Which grid takes which atlas. */
    AtlasLinks atlasLinks();

    /** A session named an atlas: atlases waiting on {@link #ATLAS_LINK} may try again. */
    void atlasLinksChanged();
}
