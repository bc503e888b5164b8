package io.sightline.cli.support;

import java.util.Locale;

/** Aligned "label: value" lines for a readable summary; lines whose value is null are left out. */
public final class Lines {
    private final StringBuilder text = new StringBuilder();

    public void add(String label, Object value) {
        if (value != null) {
            text.append(String.format(Locale.ROOT, "%-18s %s%n", label + ":", value));
        }
    }

    /** A detail under the line before it, indented past the labels. */
    public void item(String detail) {
        text.append(String.format(Locale.ROOT, "%-18s %s%n", "", "- " + detail));
    }

    public void blank() {
        text.append(System.lineSeparator());
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
