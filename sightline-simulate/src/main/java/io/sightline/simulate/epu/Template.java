package io.sightline.simulate.epu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A compiled text template with {@code ${name}} placeholders. Templates are written readable (indented, one element
 * per line) in Java text blocks; compiling joins them into one line the way .NET's DataContractSerializer writes
 * them: whitespace between a {@code >} and the next {@code <} is removed, nothing else is touched.
 *
 * <p>The placeholder {@code ${z}} stands for the next {@code z:Id} of the document being written, {@code ${z:name}}
 * for the next one remembered as {@code name}, {@code ${ref:name}} for the remembered one (a {@code z:Ref}); every
 * other name is looked up in the values given to {@link #render}. Values are inserted as they are (they may hold
 * markup).
 */
final class Template {

    private final List<String> literals;
    private final List<String> names;

    private Template(List<String> literals, List<String> names) {
        this.literals = literals;
        this.names = names;
    }

    static Template compile(String text) {
        String oneLine = text.strip().replaceAll("([>}])\\s+(<|\\$\\{)", "$1$2").replaceAll("\\s*\\n\\s*", " ");
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = oneLine.indexOf("${", from);
            if (start < 0) {
                literals.add(oneLine.substring(from));
                return new Template(List.copyOf(literals), List.copyOf(names));
            }
            int end = oneLine.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed placeholder at " + start + " in template");
            }
            literals.add(oneLine.substring(from, start));
            names.add(oneLine.substring(start + 2, end));
            from = end + 1;
        }
    }

    /** Writes the template; {@code ${z}} draws from {@code zIds}, other names from {@code values}. */
    void render(Appendable out, ZIds zIds, Map<String, ?> values) throws IOException {
        render(out, zIds, name -> {
            Object value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for template placeholder ${" + name + "}");
            }
            return value.toString();
        });
    }

    void render(Appendable out, ZIds zIds, Function<String, String> values) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            out.append(literals.get(i));
            String name = names.get(i);
            if (name.equals("z")) {
                out.append(Integer.toString(zIds.next()));
            } else if (name.startsWith("z:")) {
                int id = zIds.next();
                zIds.remember(name.substring(2), id);
                out.append(Integer.toString(id));
            } else if (name.startsWith("ref:")) {
                out.append(Integer.toString(zIds.recall(name.substring(4))));
            } else {
                out.append(values.apply(name));
            }
        }
        out.append(literals.get(literals.size() - 1));
    }

    /** The running {@code z:Id} counter of one serialized document (the root is 1). */
    static final class ZIds {
        private final java.util.Map<String, Integer> named = new java.util.HashMap<>();
        private int last;

        ZIds() {
            this(1);
        }

        ZIds(int last) {
            this.last = last;
        }

        int next() {
            return ++last;
        }

        int last() {
            return last;
        }

        void remember(String name, int id) {
            named.put(name, id);
        }

        boolean knows(String name) {
            return named.containsKey(name);
        }

        int recall(String name) {
            Integer id = named.get(name);
            if (id == null) {
                throw new IllegalStateException("z:Ref to " + name + " before its z:Id was written");
            }
            return id;
        }
    }
}
