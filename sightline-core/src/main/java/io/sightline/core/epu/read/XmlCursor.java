package io.sightline.core.epu.read;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A thin, forward-only walk over a StAX reader that the EPU readers share: it tracks element depth so a
 * reader can say "for each child of the element I am on" without keeping a path, matches elements by
 * namespace URI and local name (never by prefix), reads text values strictly, and turns every parser
 * failure into a typed {@link EpuReadException} naming file, line and column.
 *
 * <p>One cursor per read; not thread-safe.
 */
final class XmlCursor {

    private final Path file;
    private final XMLStreamReader r;
    private final EndAwareInputStream input;
    private int depth;

    XmlCursor(Path file, XMLStreamReader r, EndAwareInputStream input) {
        this.file = file;
        this.r = r;
        this.input = input;
    }

    /** Depth of the element the cursor is on (the root is 1). */
    int depth() {
        return depth;
    }

    /** Moves to the root element, refusing DTDs, and checks its namespace and local name. */
    void root(String namespace, String localName) throws EpuReadException {
        while (true) {
            int ev = next();
            if (ev == XMLStreamConstants.DTD) {
                throw malformed("document type declaration (DTD) present; EPU files have none and DTDs are refused", null);
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw incomplete("no root element", null);
            }
        }
        if (!is(namespace, localName)) {
            throw malformed("root element is {" + namespace() + "}" + r.getLocalName()
                    + ", expected {" + namespace + "}" + localName, null);
        }
    }

    /**
     * Advances to the next child element of the element at {@code parentDepth}; false once that element
     * has ended. Children the caller does not consume are skipped by the next call.
     */
    boolean child(int parentDepth) throws EpuReadException {
        while (true) {
            int ev = next();
            if (ev == XMLStreamConstants.START_ELEMENT && depth == parentDepth + 1) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT && depth < parentDepth) {
                return false;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw incomplete("document ended inside an element", null);
            }
        }
    }

    /** Reads the rest of the document so that a truncated tail is reported, then returns. */
    void finish() throws EpuReadException {
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // consume: the parser reports an unclosed document or trailing garbage as it goes
        }
    }

    boolean is(String namespace, String localName) {
        return localName.equals(r.getLocalName()) && namespace.equals(namespace());
    }

    /** The element's namespace URI; "" for none (the JDK parser says null, Woodstox says ""). */
    private String namespace() {
        String ns = r.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    /** True when the element is in {@code namespace} and its local name starts with {@code prefix}
     * (DataContract adds generated suffixes such as {@code KeyValuePairOfintNodeXml30oatNZW}). */
    boolean startsWith(String namespace, String prefix) {
        return r.getLocalName().startsWith(prefix) && namespace.equals(namespace());
    }

    String localName() {
        return r.getLocalName();
    }

    /** True when the current element carries {@code i:nil="true"}. */
    boolean isNil() {
        String v = r.getAttributeValue(Ns.XSI, "nil");
        return "true".equals(v);
    }

    /** The text of the current element, trimmed, consuming it; "" when empty or nil. */
    String text() throws EpuReadException {
        String element = r.getLocalName();
        String first = null;
        StringBuilder more = null;
        while (true) {
            int ev = next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (first == null) {
                        first = r.getText();
                    } else {
                        if (more == null) {
                            more = new StringBuilder(first);
                        }
                        more.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> throw unsupported(
                        "element <" + r.getLocalName() + "> inside <" + element + "> where a value was expected", null);
                case XMLStreamConstants.END_ELEMENT -> {
                    String s = more != null ? more.toString() : first == null ? "" : first;
                    return s.strip();
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed(
                        "entity reference &" + r.getLocalName() + "; refused", null);
                case XMLStreamConstants.END_DOCUMENT -> throw incomplete("document ended inside <" + element + ">", null);
                default -> {
                    // comments and processing instructions carry no values
                }
            }
        }
    }

    /** Text or null when empty/nil. */
    String optText() throws EpuReadException {
        String s = text();
        return s.isEmpty() ? null : s;
    }

    long longValue() throws EpuReadException {
        Long v = optLong();
        if (v == null) {
            throw unsupported("<" + r.getLocalName() + "> is empty, a number was expected", null);
        }
        return v;
    }

    Long optLong() throws EpuReadException {
        String s = text();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw malformed("<" + r.getLocalName() + "> holds '" + clip(s) + "', not an integer in range", e);
        }
    }

    Integer optInt() throws EpuReadException {
        Long v = optLong();
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw malformed("<" + r.getLocalName() + "> holds " + v + ", out of range", null);
        }
        return v.intValue();
    }

    double doubleValue() throws EpuReadException {
        Double v = optDouble();
        if (v == null) {
            throw unsupported("<" + r.getLocalName() + "> is empty, a number was expected", null);
        }
        return v;
    }

    Double optDouble() throws EpuReadException {
        return parseDouble(text());
    }

    /** Parses a decimal as EPU writes it; NaN is accepted, overflow to infinity and Java-only forms are not. */
    Double parseDouble(String s) throws EpuReadException {
        if (s.isEmpty()) {
            return null;
        }
        char last = s.charAt(s.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || s.indexOf('x') >= 0) {
            throw malformed("<" + r.getLocalName() + "> holds '" + clip(s) + "', not a decimal number", null);
        }
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw malformed("<" + r.getLocalName() + "> holds '" + clip(s) + "', not a number", e);
        }
        if (Double.isInfinite(d)) {
            throw malformed("<" + r.getLocalName() + "> holds '" + clip(s) + "', which overflows a double", null);
        }
        return d;
    }

    Boolean optBoolean() throws EpuReadException {
        return parseBoolean(text());
    }

    Boolean parseBoolean(String s) throws EpuReadException {
        return switch (s) {
            case "" -> null;
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw malformed("<" + r.getLocalName() + "> holds '" + clip(s) + "', not a boolean", null);
        };
    }

    /** An ISO date-time with offset ({@code Z} or {@code +01:00}); a value without one is taken as UTC. */
    OffsetDateTime optDateTime() throws EpuReadException {
        String s = text();
        if (s.isEmpty()) {
            return null;
        }
        try {
            char c = s.charAt(s.length() - 1);
            boolean hasOffset = c == 'Z' || c == 'z' || s.lastIndexOf('+') > 0 || s.lastIndexOf('-') > 9;
            return hasOffset ? OffsetDateTime.parse(s) : LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw malformed("<" + r.getLocalName() + "> holds '" + clip(s) + "', not an ISO date-time", e);
        }
    }

    Instant optInstant() throws EpuReadException {
        OffsetDateTime t = optDateTime();
        return t == null ? null : t.toInstant();
    }

    private int next() throws EpuReadException {
        try {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
            return ev;
        } catch (XMLStreamException e) {
            throw translate(e);
        }
    }

    EpuReadException malformed(String problem, Throwable cause) {
        Location l = location();
        return new EpuReadException.Malformed(file, line(l), column(l), problem, cause);
    }

    EpuReadException unsupported(String problem, Throwable cause) {
        Location l = location();
        return new EpuReadException.Unsupported(file, line(l), column(l), problem, cause);
    }

    EpuReadException incomplete(String problem, Throwable cause) {
        Location l = location();
        return new EpuReadException.Incomplete(file, line(l), column(l), problem + " (still being written?)", cause);
    }

    /** Maps any parser failure to the typed error; the single place that knows parser exception shapes. */
    EpuReadException translate(Throwable e) {
        return translate(file, e, location(), input);
    }

    /** How close to the end of input (in characters) a non-EOF parse error must be to count as a cut. */
    private static final int CUT_SLACK = 1024;

    static EpuReadException translate(Path file, Throwable e, Location fallback, EndAwareInputStream input) {
        Location l = e instanceof XMLStreamException x && x.getLocation() != null ? x.getLocation() : fallback;
        String message = detail(e.getMessage());
        boolean woodstox = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            woodstox |= t.getClass().getName().startsWith("com.ctc.wstx.");
            if (isEndOfInput(t)) {
                return new EpuReadException.Incomplete(file, line(l), column(l),
                        "unexpected end of file (still being written?): " + message, e);
            }
        }
        // Woodstox always names a cut document as such; the JDK parser often reports the cut-off
        // construct instead ("must be terminated by the matching end-tag"), so an error right at the end
        // of all input counts as a cut there.
        if (!woodstox && input != null && input.atEnd() && l != null && l.getCharacterOffset() >= 0
                && input.count() - l.getCharacterOffset() <= CUT_SLACK) {
            return new EpuReadException.Incomplete(file, line(l), column(l),
                    "document ends inside an unfinished construct (still being written?): " + message, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io && !(io instanceof java.io.CharConversionException)) {
                return new EpuReadException.Unreadable(file, "I/O error while reading: " + detail(io.getMessage()), e);
            }
        }
        return new EpuReadException.Malformed(file, line(l), column(l), "not well-formed XML: " + message, e);
    }

    /**
     * Woodstox signals a truncated document with {@code WstxEOFException} (or an "Unexpected EOF" char
     * conversion error for a cut multi-byte character); the JDK parser only through its messages.
     */
    private static boolean isEndOfInput(Throwable t) {
        if (t.getClass().getSimpleName().equals("WstxEOFException") || t instanceof java.io.EOFException) {
            return true;
        }
        String m = t.getMessage();
        if (m == null) {
            return false;
        }
        return m.contains("Unexpected EOF") || m.contains("Premature end of file")
                || m.contains("must start and end within the same entity") || m.contains("end of file");
    }

    private Location location() {
        try {
            return r.getLocation();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int line(Location l) {
        return l == null || l.getLineNumber() <= 0 ? -1 : l.getLineNumber();
    }

    private static int column(Location l) {
        return l == null || l.getColumnNumber() <= 0 ? -1 : l.getColumnNumber();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /** Parser messages often start with their own position line ("ParseError at [row,col]"); the
     * position is reported separately, so keep the sentence that says what is wrong. */
    private static String detail(String s) {
        if (s == null) {
            return "(no detail)";
        }
        int m = s.indexOf("Message:");
        return m >= 0 ? firstLine(s.substring(m + "Message:".length())) : firstLine(s);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
