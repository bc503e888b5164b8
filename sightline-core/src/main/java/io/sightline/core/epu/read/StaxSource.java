package io.sightline.core.epu.read;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * {@link XmlSource} over a StAX parser (Aalto, Woodstox or the JDK's): the single place that knows
 * how each of them reports a truncated or broken document.
 */
final class StaxSource implements XmlSource {

    private final Path file;
    private final XMLStreamReader r;
    private final EndAwareInputStream input;

    StaxSource(Path file, XMLStreamReader r, EndAwareInputStream input) {
        this.file = file;
        this.r = r;
        this.input = input;
    }

    @Override
    public int next() throws EpuReadException {
        try {
            return r.next();
        } catch (XMLStreamException e) {
            throw translate(file, e, location(), input);
        }
    }

    @Override
    public boolean is(String namespace, String localName) {
        return localName.equals(r.getLocalName()) && namespace.equals(namespace());
    }

    @Override
    public boolean startsWith(String namespace, String prefix) {
        return r.getLocalName().startsWith(prefix) && namespace.equals(namespace());
    }

    @Override
    public String localName() {
        return r.getLocalName();
    }

    /** The JDK parser says null for no namespace, Woodstox and Aalto say "". */
    @Override
    public String namespace() {
        String ns = r.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    @Override
    public String attribute(String namespace, String localName) {
        return r.getAttributeValue(namespace, localName);
    }

    @Override
    public char[] textCharacters() {
        return r.getTextCharacters();
    }

    @Override
    public int textStart() {
        return r.getTextStart();
    }

    @Override
    public int textLength() {
        return r.getTextLength();
    }

    @Override
    public int line() {
        return line(location());
    }

    @Override
    public int column() {
        return column(location());
    }

    @Override
    public EpuReadException translate(RuntimeException e) {
        return translate(file, e, location(), input);
    }

    @Override
    public void close() {
        try {
            r.close();
        } catch (XMLStreamException | RuntimeException ignored) {
            // Closing only releases buffers (the caller owns the stream); the read's outcome is already decided.
        }
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
                return new EpuReadException.Incomplete(
                        file, line(l), column(l), "unexpected end of file (still being written?): " + message, e);
            }
        }
        // Woodstox always names a cut document as such; the JDK parser often reports the cut-off
        // construct instead ("must be terminated by the matching end-tag"), so an error right at the end
        // of all input counts as a cut there.
        if (!woodstox
                && input != null
                && input.atEnd()
                && l != null
                && l.getCharacterOffset() >= 0
                && input.count() - l.getCharacterOffset() <= CUT_SLACK) {
            return new EpuReadException.Incomplete(
                    file,
                    line(l),
                    column(l),
                    "document ends inside an unfinished construct (still being written?): " + message,
                    e);
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
     * conversion error for a cut multi-byte character); Aalto and the JDK parser only through their
     * messages ("Unexpected end-of-input ...").
     */
    private static boolean isEndOfInput(Throwable t) {
        if (t.getClass().getSimpleName().equals("WstxEOFException") || t instanceof java.io.EOFException) {
            return true;
        }
        String m = t.getMessage();
        if (m == null) {
            return false;
        }
        return m.contains("Unexpected EOF")
                || m.contains("Unexpected end-of-input")
                || m.contains("Premature end of file")
                || m.contains("must start and end within the same entity")
                || m.contains("end of file");
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
}
