package io.sightline.core.mdoc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A section: {@code [ZValue = 3]} and the entries under it.
 *
 * @param kind the name before {@code =}: {@code ZValue} (an image of the stack), {@code FrameSet},
 *     {@code MontSection}, ...
 * @param id the text after {@code =}, e.g. {@code 3}
 * @param line 1-based line of the section's header
 */
public record MdocSection(String kind, String id, int line, List<MdocEntry> entries) {

    public MdocSection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        entries = List.copyOf(entries);
    }

    /** The entry with {@code key}, if the section has one (the first, should a key appear twice). */
    public Optional<MdocEntry> entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** The value of {@code key}, if the section has one. */
    public Optional<String> value(String key) {
        return entry(key).map(MdocEntry::value);
    }
}
