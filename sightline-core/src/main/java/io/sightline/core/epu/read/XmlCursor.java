package io.sightline.core.epu.read;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.xml.stream.XMLStreamConstants;

/**
 * A thin, forward-only walk over an {@link XmlSource} that the EPU readers share: it tracks element depth so a
 * reader can say "for each child of the element I am on" without keeping a path, matches elements by
 * namespace URI and local name (never by prefix), reads text values strictly, and turns every parser
 * failure into a typed {@link EpuReadException} naming file, line and column.
 *
 * <p>One cursor per read; not thread-safe.
 */
final class XmlCursor {

    private final Path file;
    private final XmlSource r;
    private int depth;

    XmlCursor(Path file, XmlSource r) {
        this.file = file;
        this.r = r;
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
                throw malformed(
                        "document type declaration (DTD) present; EPU files have none and DTDs are refused", null);
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw incomplete("no root element", null);
            }
        }
        if (!is(namespace, localName)) {
            throw malformed(
                    "root element is {" + r.namespace() + "}" + r.localName() + ", expected {" + namespace + "}"
                            + localName,
                    null);
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
        return r.is(namespace, localName);
    }

    /** True when the element is in {@code namespace} and its local name starts with {@code prefix}
     * (DataContract adds generated suffixes such as {@code KeyValuePairOfintNodeXml30oatNZW}). */
    boolean startsWith(String namespace, String prefix) {
        return r.startsWith(namespace, prefix);
    }

    String localName() {
        return r.localName();
    }

    /** True when the current element carries {@code i:nil="true"}. */
    boolean isNil() {
        String v = r.attribute(Ns.XSI, "nil");
        return "true".equals(v);
    }

    /**
     * The text of the current element is gathered here, without a String per value: the numbers that
     * make up most of an atlas are parsed straight from these characters. {@link #valueStart} and
     * {@link #valueEnd} delimit the stripped value of the last {@link #value()}.
     */
    private char[] buf = new char[64];

    private int valueStart;
    private int valueEnd;

    /**
     * Reads the text of the current element, consuming it, into {@link #buf}; the value is stripped of
     * leading and trailing white space (as {@link String#strip()}) and empty when the element is empty or nil.
     * Returns the value's length.
     */
    private int value() throws EpuReadException {
        int n = 0;
        while (true) {
            int ev = next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    int len = r.textLength();
                    if (n + len > buf.length) {
                        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + len));
                    }
                    System.arraycopy(r.textCharacters(), r.textStart(), buf, n, len);
                    n += len;
                }
                // The enclosing element's name is not kept: making it a String for every value would cost
                // more than the whole comparison work of a read.
                case XMLStreamConstants.START_ELEMENT ->
                    throw unsupported("element <" + r.localName() + "> where a value was expected", null);
                case XMLStreamConstants.END_ELEMENT -> {
                    int a = 0;
                    int b = n;
                    while (a < b && Character.isWhitespace(buf[a])) {
                        a++;
                    }
                    while (b > a && Character.isWhitespace(buf[b - 1])) {
                        b--;
                    }
                    valueStart = a;
                    valueEnd = b;
                    return b - a;
                }
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw malformed("entity reference &" + r.localName() + "; refused", null);
                case XMLStreamConstants.END_DOCUMENT -> throw incomplete("document ended inside a value", null);
                default -> {
                    // comments and processing instructions carry no values
                }
            }
        }
    }

    /** The last value as a String. */
    private String valueString() {
        return new String(buf, valueStart, valueEnd - valueStart);
    }

    /** The text of the current element, trimmed, consuming it; "" when empty or nil. */
    String text() throws EpuReadException {
        return value() == 0 ? "" : valueString();
    }

    /** Text or null when empty/nil. */
    String optText() throws EpuReadException {
        return value() == 0 ? null : valueString();
    }

    long longValue() throws EpuReadException {
        if (value() == 0) {
            throw unsupported("<" + r.localName() + "> is empty, a number was expected", null);
        }
        return parseLongValue();
    }

    Long optLong() throws EpuReadException {
        return value() == 0 ? null : parseLongValue();
    }

    /** The last value as a long: plain ASCII digits directly, anything else through {@link Long#parseLong}. */
    private long parseLongValue() throws EpuReadException {
        int i = valueStart;
        int end = valueEnd;
        boolean negative = buf[i] == '-';
        if (negative || buf[i] == '+') {
            i++;
        }
        // Up to 18 digits cannot overflow a long.
        if (i < end && end - i <= 18) {
            long v = 0;
            for (; i < end; i++) {
                int digit = buf[i] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                v = v * 10 + digit;
            }
            if (i == end) {
                return negative ? -v : v;
            }
        }
        String s = valueString();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw malformed("<" + r.localName() + "> holds '" + clip(s) + "', not an integer in range", e);
        }
    }

    Integer optInt() throws EpuReadException {
        Long v = optLong();
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw malformed("<" + r.localName() + "> holds " + v + ", out of range", null);
        }
        return v.intValue();
    }

    double doubleValue() throws EpuReadException {
        if (value() == 0) {
            throw unsupported("<" + r.localName() + "> is empty, a number was expected", null);
        }
        return parseDoubleValue();
    }

    Double optDouble() throws EpuReadException {
        return value() == 0 ? null : parseDoubleValue();
    }

    /** The element's number, or {@code missing} when it is empty or nil; no boxing. */
    double doubleOr(double missing) throws EpuReadException {
        return value() == 0 ? missing : parseDoubleValue();
    }

    /** Powers of ten that a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    /**
     * The last value as a double. Plain decimals whose digits, as an integer, are at most 2^53 (every
     * value of up to 15 significant digits, and most of the 16-digit ones EPU writes for positions,
     * rotations and qualities) with a small exponent take the exact fast path: the digits are an exact
     * double, the power of ten an exact double, so one multiplication or division rounds correctly,
     * giving the same double as {@link Double#parseDouble}. Everything else goes through
     * {@link #parseDouble(String)}, whose exact algorithm for longer digit strings costs far more.
     */
    private double parseDoubleValue() throws EpuReadException {
        char[] b = buf;
        int i = valueStart;
        int end = valueEnd;
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') {
            i++;
        }
        long digits = 0;
        int significant = 0;
        int scale = 0; // digits after the decimal point
        boolean point = false;
        boolean any = false;
        for (; i < end; i++) {
            char ch = b[i];
            if (ch >= '0' && ch <= '9') {
                any = true;
                if (digits == 0 && ch == '0') {
                    // leading zeros are not significant
                } else if (++significant > 18) {
                    // beyond what a long holds
                    return parseDouble(valueString());
                } else {
                    digits = digits * 10 + (ch - '0');
                }
                if (point) {
                    scale++;
                }
            } else if (ch == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!any) {
            return parseDouble(valueString());
        }
        int exponent = 0;
        if (i < end) {
            if (b[i] != 'e' && b[i] != 'E') {
                return parseDouble(valueString());
            }
            i++;
            boolean negativeExponent = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            if (i == end || end - i > 3) {
                return parseDouble(valueString());
            }
            for (; i < end; i++) {
                int digit = b[i] - '0';
                if (digit < 0 || digit > 9) {
                    return parseDouble(valueString());
                }
                exponent = exponent * 10 + digit;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        int power = exponent - scale;
        double v;
        if (digits > 1L << 53) {
            return parseDouble(valueString());
        }
        if (digits == 0) {
            v = 0.0;
        } else if (power >= 0 && power < EXACT_POWERS_OF_TEN.length) {
            v = (double) digits * EXACT_POWERS_OF_TEN[power];
        } else if (power < 0 && -power < EXACT_POWERS_OF_TEN.length) {
            v = (double) digits / EXACT_POWERS_OF_TEN[-power];
        } else {
            return parseDouble(valueString());
        }
        return negative ? -v : v;
    }

    /** Parses a decimal as EPU writes it; NaN is accepted, overflow to infinity and Java-only forms are not. */
    Double parseDouble(String s) throws EpuReadException {
        if (s.isEmpty()) {
            return null;
        }
        char last = s.charAt(s.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || s.indexOf('x') >= 0) {
            throw malformed("<" + r.localName() + "> holds '" + clip(s) + "', not a decimal number", null);
        }
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw malformed("<" + r.localName() + "> holds '" + clip(s) + "', not a number", e);
        }
        if (Double.isInfinite(d)) {
            throw malformed("<" + r.localName() + "> holds '" + clip(s) + "', which overflows a double", null);
        }
        return d;
    }

    Boolean optBoolean() throws EpuReadException {
        int n = value();
        if (n == 0) {
            return null;
        }
        char[] b = buf;
        int i = valueStart;
        if (n == 4 && b[i] == 't' && b[i + 1] == 'r' && b[i + 2] == 'u' && b[i + 3] == 'e' || n == 1 && b[i] == '1') {
            return Boolean.TRUE;
        }
        if (n == 5 && b[i] == 'f' && b[i + 1] == 'a' && b[i + 2] == 'l' && b[i + 3] == 's' && b[i + 4] == 'e'
                || n == 1 && b[i] == '0') {
            return Boolean.FALSE;
        }
        return parseBoolean(valueString());
    }

    Boolean parseBoolean(String s) throws EpuReadException {
        return switch (s) {
            case "" -> null;
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw malformed("<" + r.localName() + "> holds '" + clip(s) + "', not a boolean", null);
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
            throw malformed("<" + r.localName() + "> holds '" + clip(s) + "', not an ISO date-time", e);
        }
    }

    Instant optInstant() throws EpuReadException {
        OffsetDateTime t = optDateTime();
        return t == null ? null : t.toInstant();
    }

    private int next() throws EpuReadException {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
            depth++;
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
            depth--;
        }
        return ev;
    }

    EpuReadException malformed(String problem, Throwable cause) {
        return new EpuReadException.Malformed(file, r.line(), r.column(), problem, cause);
    }

    EpuReadException unsupported(String problem, Throwable cause) {
        return new EpuReadException.Unsupported(file, r.line(), r.column(), problem, cause);
    }

    EpuReadException incomplete(String problem, Throwable cause) {
        return new EpuReadException.Incomplete(file, r.line(), r.column(), problem + " (still being written?)", cause);
    }

    /** Maps an unchecked parser failure to the typed error. */
    EpuReadException translate(RuntimeException e) {
        return r.translate(e);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
