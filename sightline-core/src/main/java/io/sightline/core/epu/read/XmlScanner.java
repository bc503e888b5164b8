package io.sightline.core.epu.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import javax.xml.stream.XMLStreamConstants;

/**
 * A streaming XML 1.0 pull scanner over UTF-8 bytes, made for EPU files, whose DataContract XML
 * redeclares namespaces on very many elements: general StAX parsers spend most of a read turning
 * each declaration into a canonical URI and each name into a String. Here a declaration is compared
 * byte for byte with the URI the same prefix was last bound to (a match skips the scan), names stay
 * bytes in the input buffer and are compared with the readers' String constants in place, prefixes
 * resolve to interned URI Strings (so a namespace match is an identity test), and text is decoded to
 * characters only when a reader asks for it.
 *
 * <p>What it accepts is well-formed, namespace-well-formed XML 1.0 in UTF-8 (with or without a byte
 * order mark): elements, attributes, namespace declarations with their scoping, character data with the
 * five predefined entities and character references, CDATA sections, comments, processing
 * instructions and the XML declaration. Any other encoding is {@link EpuReadException.Unsupported}.
 * A DOCTYPE is reported as a {@code DTD} event and never read (the cursor refuses it). A document that
 * ends early is {@link EpuReadException.Incomplete}, anything else that is not well-formed
 * {@link EpuReadException.Malformed}, each with line and column (the column counts characters when the
 * line is still in the buffer, bytes otherwise).
 *
 * <p>Reported events: {@code START_ELEMENT}, {@code END_ELEMENT} (also for an empty element),
 * {@code CHARACTERS} (text and CDATA, possibly in several pieces), {@code DTD} and {@code END_DOCUMENT};
 * comments, processing instructions and text outside the root element are checked and skipped.
 *
 * <p>Every construct except text and CDATA is held whole in the buffer while it is scanned (the buffer
 * grows for a longer one); when the buffer runs dry inside one, the construct is scanned again from
 * its start after the buffer is refilled, so scanning has no partial state. One per read; not thread-safe.
 */
final class XmlScanner implements XmlSource {

    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
    private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";
    /** Ids of the URIs every scanner knows: no namespace, and the two reserved ones. */
    private static final int NO_NS = 0;

    private static final int XML_ID = 1;
    private static final int XMLNS_ID = 2;

    /** Read buffer: the whole of a typical manifest, a few dozen reads of a grid-square file. */
    private static final int BUFFER = 32 * 1024;

    private static final int SMALL_BUFFER = 1024;
    /** The reserved URIs' bytes (never written to) and hashes, by id. */
    private static final byte[][] RESERVED = {
        new byte[0], XML_NS.getBytes(StandardCharsets.UTF_8), XMLNS_NS.getBytes(StandardCharsets.UTF_8)
    };

    private static final int[] RESERVED_HASHES = {
        hash(RESERVED[0], 0, 0), hash(RESERVED[1], 0, RESERVED[1].length), hash(RESERVED[2], 0, RESERVED[2].length)
    };
    /** Scanning ran out of buffered bytes: refill and scan the construct again. */
    private static final int NEED = -1;
    /** A construct that yields no event (comment, processing instruction, white space outside the root). */
    private static final int SKIP = -2;

    /** Character classes, one table per context; 0 is "nothing to do" in every table. */
    private static final byte[] TEXT = new byte[256];

    private static final byte[] ATTR = new byte[256];
    private static final byte[] NAME = new byte[256];
    private static final byte C_LT = 1;
    private static final byte C_AMP = 2;
    private static final byte C_LF = 3;
    private static final byte C_CR = 4;
    private static final byte C_BRACKET = 5;
    private static final byte C_BAD = 6;
    private static final byte C_HIGH = 7;
    private static final byte C_TAB = 8;
    private static final byte C_QUOTE = 9;
    /** Name table: letters and '_' (which also start a name), digits '-' '.', ':' and bytes beyond ASCII. */
    private static final byte N_CHAR = 1;

    private static final byte N_DIGIT = 2;
    private static final byte N_COLON = 3;
    private static final byte N_HIGH = 4;

    static {
        for (int c = 0; c < 0x20; c++) {
            TEXT[c] = C_BAD;
            ATTR[c] = C_BAD;
        }
        for (int c = 0x80; c < 0x100; c++) {
            TEXT[c] = C_HIGH;
            ATTR[c] = C_HIGH;
            NAME[c] = N_HIGH;
        }
        TEXT['\t'] = 0;
        TEXT['\n'] = C_LF;
        TEXT['\r'] = C_CR;
        TEXT['<'] = C_LT;
        TEXT['&'] = C_AMP;
        TEXT[']'] = C_BRACKET;
        ATTR['\t'] = C_TAB;
        ATTR['\n'] = C_LF;
        ATTR['\r'] = C_TAB;
        ATTR['<'] = C_LT;
        ATTR['&'] = C_AMP;
        ATTR['"'] = C_QUOTE;
        ATTR['\''] = C_QUOTE;
        for (int c = 'a'; c <= 'z'; c++) {
            NAME[c] = N_CHAR;
            NAME[c - 'a' + 'A'] = N_CHAR;
        }
        NAME['_'] = N_CHAR;
        for (int c = '0'; c <= '9'; c++) {
            NAME[c] = N_DIGIT;
        }
        NAME['-'] = N_DIGIT;
        NAME['.'] = N_DIGIT;
        NAME[':'] = N_COLON;
    }

    private final InputStream in;
    private final Path file;

    /** Allocated by the first read, sized to the input when it tells its size. */
    private byte[] buf = new byte[0];

    private int pos;
    private int end;
    /** Offset in the input of {@code buf[0]}. */
    private long base;

    private boolean eof;
    /** Where the construct being scanned starts: the buffer keeps it when it is refilled. */
    private int tokenStart;

    private int line = 1;
    /** Offset in the input of the first byte of the current line. */
    private long lineStart;
    /** Offset in the input where the XML declaration may stand (after a byte order mark). */
    private long documentStart = -1;

    private int event = XMLStreamConstants.START_DOCUMENT;
    private boolean rootSeen;
    private boolean rootClosed;
    private boolean dtdSeen;
    private boolean inCdata;
    /** An empty element's start was reported; its end comes next. */
    private boolean endPending;
    /** The element of the last end event is popped before the next event. */
    private boolean popPending;

    /** Open elements: their qualified names (copied, as end tags are matched after the buffer moved on). */
    private int depth;

    private byte[] names = new byte[1024];
    private int[] elementName = new int[32];
    private int[] elementLength = new int[32];
    private int[] elementColon = new int[32];
    private int[] elementNs = new int[32];
    private boolean[] elementAscii = new boolean[32];
    private int[] elementBindings = new int[32];

    /** The current element: offsets into {@link #names}, colon relative to the name (-1 for none), URI id. */
    private int curName;

    private int curLength;
    private int curColon;
    private int curNs;
    private boolean curAscii;
    private String curLocal;

    /** Namespace bindings in scope, innermost last: prefix bytes in {@link #prefixes}, packed key, URI id. */
    private int bindings;

    private long[] bindingKey = new long[32];
    private int[] bindingPrefix = new int[32];
    private int[] bindingLength = new int[32];
    private int[] bindingUri = new int[32];
    private byte[] prefixes = new byte[256];
    /** The URI last declared for a prefix (by hash of the prefix): the likely value of its next declaration. */
    private final int[] lastUri = new int[64];

    /** URIs met in this document, by id: the interned String and, for plain ones, the raw bytes. */
    private int uriCount;

    private String[] uris = new String[16];
    private byte[][] uriBytes = new byte[16][];
    private int[] uriHashes = new int[16];
    private int[] uriTable = new int[64];

    /** Attributes of the current start tag (declarations included, flagged), offsets into {@link #buf}. */
    private int attributes;

    private int[] attrName = new int[16];
    private int[] attrEnd = new int[16];
    private int[] attrColon = new int[16];
    private int[] attrValue = new int[16];
    private int[] attrValueEnd = new int[16];
    /** Declarations: the bound URI id once known (else -1); other attributes: their namespace id. */
    private int[] attrNs = new int[16];

    private boolean[] attrPlain = new boolean[16];
    private boolean[] attrDeclaration = new boolean[16];

    /** The current text: raw bytes {@code [textFrom, textTo)} of {@link #buf}, decoded on demand. */
    private int textFrom;

    private int textTo;
    private boolean textPlain;
    private boolean textCdata;
    private boolean textDecoded;
    private char[] chars = new char[256];
    private int charCount;

    /**
     * Set by {@link #name} and {@link #attributeValue}: where the colon was, whether the name has bytes
     * beyond ASCII, whether the value needs decoding.
     */
    private int scannedColon;

    private boolean scannedHigh;
    private boolean scannedPlain;
    /** Small cache of local-name Strings by content, so a reader's switch over names allocates nothing. */
    private final String[] localNames = new String[256];

    XmlScanner(InputStream in, Path file) {
        this.in = in;
        this.file = file;
        uris[NO_NS] = "";
        uris[XML_ID] = XML_NS;
        uris[XMLNS_ID] = XMLNS_NS;
        uriCount = RESERVED.length;
        Arrays.fill(uriTable, -1);
        for (int id = 0; id < uriCount; id++) {
            uriBytes[id] = RESERVED[id];
            uriHashes[id] = RESERVED_HASHES[id];
            insertUri(id);
        }
    }

    // ---------------------------------------------------------------- events

    @Override
    public int next() throws EpuReadException {
        textDecoded = false;
        curLocal = null;
        if (endPending) {
            endPending = false;
            popPending = true;
            event = XMLStreamConstants.END_ELEMENT;
            return event;
        }
        if (popPending) {
            popPending = false;
            pop();
        }
        if (dtdSeen) {
            throw malformed(pos, "content after a document type declaration, which is not read");
        }
        while (true) {
            tokenStart = pos;
            int savedLine = line;
            long savedLineStart = lineStart;
            int ev = token();
            if (ev == NEED) {
                pos = tokenStart;
                line = savedLine;
                lineStart = savedLineStart;
                if (!more()) {
                    if (pos == end && rootClosed) {
                        event = XMLStreamConstants.END_DOCUMENT;
                        return event;
                    }
                    throw incomplete(
                            rootSeen
                                    ? "unexpected end of file inside the root element"
                                    : "unexpected end of file before the root element");
                }
            } else if (ev != SKIP) {
                event = ev;
                return ev;
            }
        }
    }

    /** Scans one construct at {@link #pos}: an event, {@link #SKIP} or {@link #NEED}. */
    private int token() throws EpuReadException {
        if (documentStart < 0) {
            return documentStart();
        }
        if (inCdata) {
            return cdataContent();
        }
        if (pos >= end) {
            return NEED;
        }
        if (buf[pos] != '<') {
            return depth == 0 ? outsideRoot() : text();
        }
        if (pos + 1 >= end) {
            return NEED;
        }
        return switch (buf[pos + 1]) {
            case '/' -> endTag();
            case '?' -> processingInstruction();
            case '!' -> bang();
            default -> startTag();
        };
    }

    /** Skips a UTF-8 byte order mark and refuses the byte patterns of other encodings. */
    private int documentStart() throws EpuReadException {
        if (end - pos < 4 && !eof) {
            return NEED;
        }
        int b0 = end > 0 ? buf[0] & 0xFF : -1;
        int b1 = end > 1 ? buf[1] & 0xFF : -1;
        int b2 = end > 2 ? buf[2] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            pos = 3;
        } else if (b0 == 0xFE && b1 == 0xFF
                || b0 == 0xFF && b1 == 0xFE
                || b0 == 0 && (b1 == 0 || b1 == '<')
                || b0 == '<' && b1 == 0) {
            throw new EpuReadException.Unsupported(
                    file, 1, 1, "the file is UTF-16 or UTF-32; EPU files are UTF-8 and only UTF-8 is read", null);
        } else if (b0 == 0x4C && b1 == 0x6F && b2 == 0xA7) {
            throw new EpuReadException.Unsupported(
                    file, 1, 1, "the file is EBCDIC; EPU files are UTF-8 and only UTF-8 is read", null);
        }
        documentStart = pos;
        return SKIP;
    }

    /** Between the top-level constructs only white space may stand. */
    private int outsideRoot() throws EpuReadException {
        int p = space(pos, end);
        if (p < end && buf[p] != '<') {
            throw malformed(p, rootClosed ? "content after the root element" : "content before the root element");
        }
        pos = p;
        return SKIP;
    }

    private void pop() {
        depth--;
        bindings = elementBindings[depth];
        if (depth == 0) {
            rootClosed = true;
        }
    }

    // ---------------------------------------------------------------- elements

    private int startTag() throws EpuReadException {
        if (rootClosed) {
            throw malformed(pos, "a second root element");
        }
        byte[] b = buf;
        int e = end;
        int nameStart = pos + 1;
        int p = name(nameStart, e);
        if (p == NEED) {
            return NEED;
        }
        int nameEnd = p;
        int colon = scannedColon;
        boolean ascii = !scannedHigh;
        attributes = 0;
        boolean empty;
        while (true) {
            if (p >= e) {
                return NEED;
            }
            byte c = b[p];
            if (c == '>') {
                p++;
                empty = false;
                break;
            }
            if (c == '/') {
                if (p + 1 >= e) {
                    return NEED;
                }
                if (b[p + 1] != '>') {
                    throw malformed(p + 1, "expected '>' after '/' in a start tag");
                }
                p += 2;
                empty = true;
                break;
            }
            if (!isSpace(c)) {
                throw malformed(p, "expected white space, '>' or '/>' in a start tag");
            }
            p = space(p, e);
            if (p >= e) {
                return NEED;
            }
            c = b[p];
            if (c == '>' || c == '/') {
                continue;
            }
            p = attribute(p, e);
            if (p == NEED) {
                return NEED;
            }
        }
        pos = p;
        pushElement(nameStart, nameEnd, colon, ascii);
        if (empty) {
            endPending = true;
        }
        return XMLStreamConstants.START_ELEMENT;
    }

    /** Scans one attribute at {@code p} into the attribute arrays; returns the position after its value. */
    private int attribute(int p, int e) throws EpuReadException {
        byte[] b = buf;
        int nameStart = p;
        p = name(p, e);
        if (p == NEED) {
            return NEED;
        }
        int nameEnd = p;
        int colon = scannedColon;
        p = space(p, e);
        if (p >= e) {
            return NEED;
        }
        if (b[p] != '=') {
            throw malformed(p, "expected '=' after attribute name");
        }
        p = space(p + 1, e);
        if (p >= e) {
            return NEED;
        }
        byte quote = b[p];
        if (quote != '"' && quote != '\'') {
            throw malformed(p, "attribute value not in quotes");
        }
        p++;
        boolean declaration = isDeclaration(nameStart, nameEnd, colon);
        int uri = -1;
        int valueEnd = NEED;
        boolean plain = true;
        if (declaration) {
            // The likely URI: what this prefix was bound to last. A byte match skips scanning the value.
            int guess = lastUri[prefixHash(colon < 0 ? nameEnd : colon + 1, nameEnd) & 63];
            byte[] raw = uriBytes[guess];
            int n = raw.length;
            if (p + n < e && b[p + n] == quote && Arrays.equals(b, p, p + n, raw, 0, n)) {
                uri = guess;
                valueEnd = p + n;
            }
        }
        if (valueEnd == NEED) {
            valueEnd = attributeValue(p, e, quote);
            if (valueEnd == NEED) {
                return NEED;
            }
            plain = scannedPlain;
        }
        int i = attributes;
        if (i == attrName.length) {
            growAttributes();
        }
        attrName[i] = nameStart;
        attrEnd[i] = nameEnd;
        attrColon[i] = colon;
        attrValue[i] = p;
        attrValueEnd[i] = valueEnd;
        attrNs[i] = uri;
        attrPlain[i] = plain;
        attrDeclaration[i] = declaration;
        attributes = i + 1;
        return valueEnd + 1;
    }

    /** {@code xmlns} or {@code xmlns:*}. */
    private boolean isDeclaration(int from, int to, int colon) {
        int n = (colon < 0 ? to : colon) - from;
        byte[] b = buf;
        return n == 5
                && b[from] == 'x'
                && b[from + 1] == 'm'
                && b[from + 2] == 'l'
                && b[from + 3] == 'n'
                && b[from + 4] == 's';
    }

    /** Scans an attribute value up to its closing quote; returns the quote's position. */
    private int attributeValue(int p, int e, byte quote) throws EpuReadException {
        byte[] b = buf;
        boolean plain = true;
        while (true) {
            int c = 0;
            while (p < e && (c = ATTR[b[p] & 0xFF]) == 0) {
                p++;
            }
            if (p >= e) {
                return NEED;
            }
            switch (c) {
                case C_QUOTE -> {
                    if (b[p] == quote) {
                        scannedPlain = plain;
                        return p;
                    }
                    p++;
                }
                case C_LT -> throw malformed(p, "'<' in an attribute value");
                case C_AMP -> {
                    p = reference(p, e);
                    if (p == NEED) {
                        return NEED;
                    }
                    plain = false;
                }
                case C_LF -> {
                    newLine(p);
                    plain = false;
                    p++;
                }
                case C_TAB -> {
                    plain = false;
                    p++;
                }
                case C_HIGH -> {
                    p = utf8(p, e);
                    if (p == NEED) {
                        return NEED;
                    }
                    plain = false;
                }
                default -> throw badCharacter(p);
            }
        }
    }

    /** Completes a start tag: binds its declarations, resolves prefixes, checks attributes, pushes it. */
    private void pushElement(int nameStart, int nameEnd, int colon, boolean ascii) throws EpuReadException {
        int d = depth;
        if (d == elementName.length) {
            growElements();
        }
        int top = d == 0 ? 0 : elementName[d - 1] + elementLength[d - 1];
        int length = nameEnd - nameStart;
        if (top + length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, top + length));
        }
        System.arraycopy(buf, nameStart, names, top, length);
        elementName[d] = top;
        elementLength[d] = length;
        elementColon[d] = colon < 0 ? -1 : colon - nameStart;
        elementAscii[d] = ascii;
        elementBindings[d] = bindings;
        int n = attributes;
        for (int i = 0; i < n; i++) {
            if (attrDeclaration[i]) {
                bind(i);
            }
        }
        if (colon >= 0 && isDeclaration(nameStart, colon, -1)) {
            throw malformed(nameStart, "element name with the reserved prefix xmlns");
        }
        int ns = colon < 0 ? resolve(nameStart, nameStart) : resolve(nameStart, colon);
        elementNs[d] = ns;
        for (int i = 0; i < n; i++) {
            if (!attrDeclaration[i]) {
                attrNs[i] = attrColon[i] < 0 ? NO_NS : resolve(attrName[i], attrColon[i]);
            }
        }
        if (n > 1) {
            checkDuplicates();
        }
        depth = d + 1;
        rootSeen = true;
        curName = top;
        curLength = length;
        curColon = elementColon[d];
        curAscii = ascii;
        curNs = ns;
    }

    private int endTag() throws EpuReadException {
        if (depth == 0) {
            throw malformed(pos, rootClosed ? "content after the root element" : "end tag without a start tag");
        }
        int d = depth - 1;
        int off = elementName[d];
        int length = elementLength[d];
        byte[] b = buf;
        int e = end;
        int p = pos + 2;
        int available = Math.min(length, e - p);
        byte[] n = names;
        // a plain loop: names are short, and Arrays.equals' checks and calls cost more than it saves here
        for (int i = 0; i < available; i++) {
            if (b[p + i] != n[off + i]) {
                throw mismatchedEndTag(p, d);
            }
        }
        if (available < length) {
            return NEED;
        }
        p += length;
        if (p >= e) {
            return NEED;
        }
        if (b[p] != '>') {
            if (!isSpace(b[p])) {
                throw mismatchedEndTag(pos + 2, d);
            }
            p = space(p, e);
            if (p >= e) {
                return NEED;
            }
            if (b[p] != '>') {
                throw malformed(p, "expected '>' to close the end tag");
            }
        }
        pos = p + 1;
        curName = off;
        curLength = length;
        curColon = elementColon[d];
        curAscii = elementAscii[d];
        curNs = elementNs[d];
        popPending = true;
        return XMLStreamConstants.END_ELEMENT;
    }

    private EpuReadException mismatchedEndTag(int p, int d) {
        int q = p;
        while (q < end && q - p < 200 && buf[q] != '>' && !isSpace(buf[q])) {
            q++;
        }
        return malformed(
                p,
                "end tag </" + new String(buf, p, q - p, StandardCharsets.UTF_8) + "> does not match <"
                        + new String(names, elementName[d], elementLength[d], StandardCharsets.UTF_8) + ">");
    }

    // ---------------------------------------------------------------- names and namespaces

    /**
     * Scans a qualified name at {@code p} (XML 1.0 fifth edition name characters, at most one colon, with
     * a name on either side); returns its end and leaves the colon's position in {@link #scannedColon}.
     */
    private int name(int p, int e) throws EpuReadException {
        byte[] b = buf;
        int colon = -1;
        boolean high = p < e && NAME[b[p] & 0xFF] == N_HIGH;
        p = nameStart(p, e);
        if (p == NEED) {
            return NEED;
        }
        while (true) {
            int c = 0;
            while (p < e && (c = NAME[b[p] & 0xFF]) == N_CHAR) {
                p++;
            }
            if (p >= e) {
                return NEED;
            }
            if (c == N_DIGIT) {
                p++;
            } else if (c == N_COLON) {
                if (colon >= 0) {
                    throw malformed(p, "a name with more than one colon");
                }
                colon = p;
                p = nameStart(p + 1, e);
                if (p == NEED) {
                    return NEED;
                }
            } else if (c == N_HIGH) {
                int q = utf8(p, e);
                if (q == NEED) {
                    return NEED;
                }
                if (!isNameChar(codePoint(p))) {
                    break;
                }
                high = true;
                p = q;
            } else {
                break;
            }
        }
        scannedColon = colon;
        scannedHigh = high || colon >= 0 && NAME[b[colon + 1] & 0xFF] == N_HIGH;
        return p;
    }

    private int nameStart(int p, int e) throws EpuReadException {
        if (p >= e) {
            return NEED;
        }
        int c = NAME[buf[p] & 0xFF];
        if (c == N_CHAR) {
            return p + 1;
        }
        if (c == N_HIGH) {
            int q = utf8(p, e);
            if (q != NEED && !isNameStartChar(codePoint(p))) {
                throw malformed(p, "a name starts with a character names cannot start with");
            }
            return q;
        }
        throw malformed(p, "expected a name");
    }

    private static boolean isNameStartChar(int c) {
        return c >= 0xC0 && c <= 0xD6
                || c >= 0xD8 && c <= 0xF6
                || c >= 0xF8 && c <= 0x2FF
                || c >= 0x370 && c <= 0x37D
                || c >= 0x37F && c <= 0x1FFF
                || c == 0x200C
                || c == 0x200D
                || c >= 0x2070 && c <= 0x218F
                || c >= 0x2C00 && c <= 0x2FEF
                || c >= 0x3001 && c <= 0xD7FF
                || c >= 0xF900 && c <= 0xFDCF
                || c >= 0xFDF0 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0xEFFFF;
    }

    private static boolean isNameChar(int c) {
        return isNameStartChar(c) || c == 0xB7 || c >= 0x300 && c <= 0x36F || c == 0x203F || c == 0x2040;
    }

    /** Binds the declaration that is attribute {@code i} of the current start tag. */
    private void bind(int i) throws EpuReadException {
        int colon = attrColon[i];
        int prefix = colon < 0 ? attrEnd[i] : colon + 1;
        int prefixLength = attrEnd[i] - prefix;
        int uri = attrNs[i];
        if (uri < 0) {
            uri = internUri(attrValue[i], attrValueEnd[i], attrPlain[i]);
            attrNs[i] = uri;
        }
        boolean xmlPrefix = prefixLength == 3 && buf[prefix] == 'x' && buf[prefix + 1] == 'm' && buf[prefix + 2] == 'l';
        if (prefixLength == 5 && isDeclaration(prefix, attrEnd[i], -1)) {
            throw malformed(attrName[i], "the prefix xmlns cannot be declared");
        }
        if (xmlPrefix != (uri == XML_ID) || uri == XMLNS_ID) {
            throw malformed(
                    attrName[i],
                    "the prefix xml and its namespace belong only to each other, and the xmlns namespace to no prefix");
        }
        if (prefixLength > 0 && uri == NO_NS) {
            throw malformed(
                    attrName[i], "a prefix bound to the empty namespace name (XML 1.0 forbids undeclaring a prefix)");
        }
        int n = bindings;
        if (n == bindingKey.length) {
            bindingKey = Arrays.copyOf(bindingKey, n * 2);
            bindingPrefix = Arrays.copyOf(bindingPrefix, n * 2);
            bindingLength = Arrays.copyOf(bindingLength, n * 2);
            bindingUri = Arrays.copyOf(bindingUri, n * 2);
        }
        int at = n == 0 ? 0 : bindingPrefix[n - 1] + bindingLength[n - 1];
        if (at + prefixLength > prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, Math.max(prefixes.length * 2, at + prefixLength));
        }
        if (prefixLength > 7) {
            // the key holds shorter prefixes whole
            System.arraycopy(buf, prefix, prefixes, at, prefixLength);
        }
        bindingKey[n] = key(buf, prefix, prefixLength);
        bindingPrefix[n] = at;
        bindingLength[n] = prefixLength;
        bindingUri[n] = uri;
        bindings = n + 1;
        if (uriBytes[uri] != null) {
            lastUri[prefixHash(prefix, attrEnd[i]) & 63] = uri;
        }
    }

    /** The URI id bound to the prefix {@code buf[from, to)} (empty: the default namespace). */
    private int resolve(int from, int to) throws EpuReadException {
        int length = to - from;
        long k = key(buf, from, length);
        for (int i = bindings - 1; i >= 0; i--) {
            if (bindingKey[i] == k
                    && bindingLength[i] == length
                    && (length <= 7
                            || Arrays.equals(prefixes, bindingPrefix[i], bindingPrefix[i] + length, buf, from, to))) {
                return bindingUri[i];
            }
        }
        if (length == 0) {
            return NO_NS;
        }
        if (length == 3 && buf[from] == 'x' && buf[from + 1] == 'm' && buf[from + 2] == 'l') {
            return XML_ID;
        }
        throw malformed(from, "undeclared namespace prefix " + new String(buf, from, length, StandardCharsets.UTF_8));
    }

    /** Up to seven prefix bytes and the length, packed: one comparison tells most prefixes apart. */
    private static long key(byte[] b, int from, int length) {
        if (length <= 1) {
            return length == 0 ? 0 : 1 << 8 | b[from] & 0xFF;
        }
        long k = length;
        for (int i = 0, n = Math.min(length, 7); i < n; i++) {
            k = k << 8 | (b[from + i] & 0xFF);
        }
        return k;
    }

    private int prefixHash(int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = h * 31 + buf[i];
        }
        return h;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = h * 31 + b[i];
        }
        return h;
    }

    /** The id of the URI in the value {@code buf[from, to)}, adding it when new. */
    private int internUri(int from, int to, boolean plain) {
        if (!plain) {
            // Entities or white space in a namespace name: rare enough to decode and add every time.
            return addUri(decodeAttribute(from, to), null, 0);
        }
        int h = hash(buf, from, to);
        int mask = uriTable.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            int id = uriTable[slot];
            if (id < 0) {
                break;
            }
            byte[] raw = uriBytes[id];
            if (uriHashes[id] == h && raw != null && Arrays.equals(raw, 0, raw.length, buf, from, to)) {
                return id;
            }
        }
        byte[] raw = Arrays.copyOfRange(buf, from, to);
        return addUri(new String(raw, StandardCharsets.UTF_8), raw, h);
    }

    private int addUri(String uri, byte[] raw, int h) {
        int id = uriCount;
        if (id == uris.length) {
            uris = Arrays.copyOf(uris, id * 2);
            uriBytes = Arrays.copyOf(uriBytes, id * 2);
            uriHashes = Arrays.copyOf(uriHashes, id * 2);
        }
        // Interned, so a reader's namespace constant matches by identity.
        uris[id] = uri.intern();
        uriBytes[id] = raw;
        uriHashes[id] = h;
        uriCount = id + 1;
        if (raw != null) {
            if (uriCount * 2 > uriTable.length) {
                uriTable = new int[uriTable.length * 2];
                Arrays.fill(uriTable, -1);
                for (int i = 0; i < uriCount; i++) {
                    if (uriBytes[i] != null) {
                        insertUri(i);
                    }
                }
            } else {
                insertUri(id);
            }
        }
        return id;
    }

    private void insertUri(int id) {
        int mask = uriTable.length - 1;
        int slot = uriHashes[id] & mask;
        while (uriTable[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        uriTable[slot] = id;
    }

    /** No two attributes with the same qualified name, nor with the same local name and namespace. */
    private void checkDuplicates() throws EpuReadException {
        int n = attributes;
        if (n > 64) {
            checkDuplicatesHashed();
            return;
        }
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                checkPair(i, j);
            }
        }
    }

    /** For tags with very many attributes: pairs are only compared within a bucket of equal local-name hashes. */
    private void checkDuplicatesHashed() throws EpuReadException {
        int n = attributes;
        int size = Integer.highestOneBit(n * 2) * 2;
        int[] head = new int[size];
        int[] nextInBucket = new int[n];
        Arrays.fill(head, -1);
        for (int i = 0; i < n; i++) {
            int local = attrDeclaration[i] || attrColon[i] < 0 ? attrName[i] : attrColon[i] + 1;
            int h = attrDeclaration[i] ? 0 : hash(buf, local, attrEnd[i]);
            int slot = h & (size - 1);
            for (int j = head[slot]; j >= 0; j = nextInBucket[j]) {
                checkPair(i, j);
            }
            nextInBucket[i] = head[slot];
            head[slot] = i;
        }
    }

    private void checkPair(int i, int j) throws EpuReadException {
        byte[] b = buf;
        int li = attrEnd[i] - attrName[i];
        if (li == attrEnd[j] - attrName[j] && Arrays.equals(b, attrName[i], attrEnd[i], b, attrName[j], attrEnd[j])) {
            throw malformed(
                    attrName[i], "duplicate attribute " + new String(b, attrName[i], li, StandardCharsets.UTF_8));
        }
        if (attrDeclaration[i]
                || attrDeclaration[j]
                || attrColon[i] < 0
                || attrColon[j] < 0
                || attrNs[i] != attrNs[j]) {
            return;
        }
        if (Arrays.equals(b, attrColon[i] + 1, attrEnd[i], b, attrColon[j] + 1, attrEnd[j])) {
            throw malformed(attrName[i], "two attributes with the same local name and namespace");
        }
    }

    // ---------------------------------------------------------------- text

    /** Character data up to the next '<'; handed out in pieces when it runs past the buffer. */
    private int text() throws EpuReadException {
        byte[] b = buf;
        int e = end;
        int p = pos;
        boolean plain = true;
        int safe;
        scan:
        while (true) {
            int c = 0;
            while (p < e && (c = TEXT[b[p] & 0xFF]) == 0) {
                p++;
            }
            if (p >= e) {
                safe = p;
                break;
            }
            switch (c) {
                case C_LT -> {
                    setText(pos, p, plain, false);
                    pos = p;
                    return XMLStreamConstants.CHARACTERS;
                }
                case C_AMP -> {
                    int q = reference(p, e);
                    if (q == NEED) {
                        safe = p;
                        break scan;
                    }
                    plain = false;
                    p = q;
                }
                case C_LF -> {
                    newLine(p);
                    p++;
                }
                case C_CR -> {
                    // "\r\n" becomes one line feed, so a piece never ends between the two
                    if (p + 1 >= e) {
                        safe = p;
                        break scan;
                    }
                    plain = false;
                    p++;
                }
                case C_BRACKET -> {
                    if (p + 2 >= e) {
                        safe = p;
                        break scan;
                    }
                    if (b[p + 1] == ']' && b[p + 2] == '>') {
                        throw malformed(p, "']]>' in character data");
                    }
                    p++;
                }
                case C_HIGH -> {
                    int q = utf8(p, e);
                    if (q == NEED) {
                        safe = p;
                        break scan;
                    }
                    plain = false;
                    p = q;
                }
                default -> throw badCharacter(p);
            }
        }
        if (safe > pos) {
            setText(pos, safe, plain, false);
            pos = safe;
            return XMLStreamConstants.CHARACTERS;
        }
        return NEED;
    }

    private void setText(int from, int to, boolean plain, boolean cdata) {
        textFrom = from;
        textTo = to;
        textPlain = plain;
        textCdata = cdata;
    }

    /** The content of a CDATA section up to {@code ]]>}; in pieces when it runs past the buffer. */
    private int cdataContent() throws EpuReadException {
        byte[] b = buf;
        int e = end;
        int p = pos;
        boolean plain = true;
        while (true) {
            if (p >= e) {
                break;
            }
            int c = b[p] & 0xFF;
            if (c == ']') {
                if (p + 2 >= e) {
                    break;
                }
                if (b[p + 1] == ']' && b[p + 2] == '>') {
                    inCdata = false;
                    setText(pos, p, plain, true);
                    pos = p + 3;
                    return textFrom == textTo ? SKIP : XMLStreamConstants.CHARACTERS;
                }
                p++;
            } else if (c >= 0x80) {
                int q = utf8(p, e);
                if (q == NEED) {
                    break;
                }
                plain = false;
                p = q;
            } else if (c < 0x20) {
                if (c == '\n') {
                    newLine(p);
                } else if (c == '\r') {
                    if (p + 1 >= e) {
                        break;
                    }
                    plain = false;
                } else if (c != '\t') {
                    throw badCharacter(p);
                }
                p++;
            } else {
                p++;
            }
        }
        if (p > pos) {
            setText(pos, p, plain, true);
            pos = p;
            return XMLStreamConstants.CHARACTERS;
        }
        return NEED;
    }

    /**
     * Checks the entity or character reference at {@code b[p] == '&'}: one of the five predefined
     * entities or a character reference to a legal character. Returns the position after its ';'.
     */
    private int reference(int p, int e) throws EpuReadException {
        byte[] b = buf;
        int q = p + 1;
        if (q >= e) {
            return NEED;
        }
        if (b[q] == '#') {
            q++;
            int radix = 10;
            if (q < e && b[q] == 'x') {
                radix = 16;
                q++;
            }
            int value = 0;
            int digits = 0;
            while (true) {
                if (q >= e) {
                    return NEED;
                }
                int d = Character.digit(b[q], radix);
                if (b[q] == ';' && digits > 0) {
                    break;
                }
                if (d < 0 || b[q] < 0) {
                    throw malformed(p, "malformed character reference");
                }
                value = value * radix + d;
                if (value > 0x10FFFF) {
                    throw malformed(p, "character reference beyond Unicode");
                }
                digits++;
                q++;
            }
            if (!isXmlChar(value)) {
                throw malformed(
                        p,
                        "character reference to a character XML does not allow (U+"
                                + Integer.toHexString(value).toUpperCase() + ")");
            }
            return q + 1;
        }
        while (true) {
            if (q >= e) {
                return NEED;
            }
            if (b[q] == ';') {
                break;
            }
            if (NAME[b[q] & 0xFF] == 0 || q - p > 40) {
                throw malformed(p, "'&' that starts no entity or character reference");
            }
            q++;
        }
        if (predefined(p + 1, q) < 0) {
            throw malformed(
                    p,
                    "undeclared entity &" + new String(b, p + 1, q - p - 1, StandardCharsets.UTF_8)
                            + "; (only the five predefined entities exist without a DTD)");
        }
        return q + 1;
    }

    /** The character of a predefined entity named {@code buf[from, to)}, or -1. */
    private int predefined(int from, int to) {
        byte[] b = buf;
        int n = to - from;
        if (n == 2 && b[from + 1] == 't') {
            return b[from] == 'l' ? '<' : b[from] == 'g' ? '>' : -1;
        }
        if (n == 3 && b[from] == 'a' && b[from + 1] == 'm' && b[from + 2] == 'p') {
            return '&';
        }
        if (n == 4 && b[from] == 'a' && b[from + 1] == 'p' && b[from + 2] == 'o' && b[from + 3] == 's') {
            return '\'';
        }
        if (n == 4 && b[from] == 'q' && b[from + 1] == 'u' && b[from + 2] == 'o' && b[from + 3] == 't') {
            return '"';
        }
        return -1;
    }

    private static boolean isXmlChar(int c) {
        return c >= 0x20 && c <= 0xD7FF
                || c == 0x9
                || c == 0xA
                || c == 0xD
                || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }

    /**
     * Checks the UTF-8 sequence at {@code p} (lead byte at or above 0x80): well-formed, shortest form,
     * no surrogate, and a character XML allows. Returns the position after it.
     */
    private int utf8(int p, int e) throws EpuReadException {
        byte[] b = buf;
        int b0 = b[p] & 0xFF;
        int n;
        if (b0 < 0xC2) {
            throw malformed(p, "invalid UTF-8 (EPU files are UTF-8; other encodings are not read)");
        } else if (b0 < 0xE0) {
            n = 2;
        } else if (b0 < 0xF0) {
            n = 3;
        } else if (b0 < 0xF5) {
            n = 4;
        } else {
            throw malformed(p, "invalid UTF-8 (EPU files are UTF-8; other encodings are not read)");
        }
        for (int i = 1; i < n; i++) {
            if (p + i >= e) {
                return NEED;
            }
            if ((b[p + i] & 0xC0) != 0x80) {
                throw malformed(p, "invalid UTF-8 (EPU files are UTF-8; other encodings are not read)");
            }
        }
        int c = codePoint(p);
        if (n == 3 && c < 0x800 || n == 4 && c < 0x10000 || c > 0x10FFFF || c >= 0xD800 && c <= 0xDFFF) {
            throw malformed(p, "invalid UTF-8 (EPU files are UTF-8; other encodings are not read)");
        }
        if (c == 0xFFFE || c == 0xFFFF) {
            throw badCharacter(p);
        }
        return p + n;
    }

    /** The code point of the (checked) UTF-8 sequence at {@code p}. */
    private int codePoint(int p) {
        byte[] b = buf;
        int b0 = b[p] & 0xFF;
        if (b0 < 0xE0) {
            return (b0 & 0x1F) << 6 | b[p + 1] & 0x3F;
        }
        if (b0 < 0xF0) {
            return (b0 & 0x0F) << 12 | (b[p + 1] & 0x3F) << 6 | b[p + 2] & 0x3F;
        }
        return (b0 & 0x07) << 18 | (b[p + 1] & 0x3F) << 12 | (b[p + 2] & 0x3F) << 6 | b[p + 3] & 0x3F;
    }

    // ---------------------------------------------------------------- markup that yields no values

    private int bang() throws EpuReadException {
        if (startsWith(pos, "<!--")) {
            return comment();
        }
        if (startsWith(pos, "<![CDATA[")) {
            if (depth == 0) {
                throw malformed(pos, "CDATA section outside the root element");
            }
            pos += 9;
            inCdata = true;
            return SKIP;
        }
        if (startsWith(pos, "<!DOCTYPE")) {
            if (rootSeen) {
                throw malformed(pos, "document type declaration inside the document");
            }
            dtdSeen = true;
            return XMLStreamConstants.DTD;
        }
        if (prefixOf(pos, "<![CDATA[") || prefixOf(pos, "<!DOCTYPE") || prefixOf(pos, "<!--")) {
            return NEED;
        }
        throw malformed(pos, "'<!' that starts no comment, CDATA section or document type declaration");
    }

    /** True when the buffer holds {@code s} at {@code p}. */
    private boolean startsWith(int p, String s) {
        if (p + s.length() > end) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when all buffered bytes from {@code p} on are a proper beginning of {@code s}. */
    private boolean prefixOf(int p, String s) {
        int n = end - p;
        if (n >= s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int comment() throws EpuReadException {
        byte[] b = buf;
        int e = end;
        int p = pos + 4;
        while (true) {
            if (p >= e) {
                return NEED;
            }
            int c = b[p] & 0xFF;
            if (c == '-') {
                if (p + 2 >= e) {
                    return NEED;
                }
                if (b[p + 1] == '-') {
                    if (b[p + 2] != '>') {
                        throw malformed(p, "'--' inside a comment");
                    }
                    pos = p + 3;
                    return SKIP;
                }
                p++;
            } else {
                p = markupCharacter(p, e, c);
                if (p == NEED) {
                    return NEED;
                }
            }
        }
    }

    /** Checks one character of a comment or processing instruction; returns the position after it. */
    private int markupCharacter(int p, int e, int c) throws EpuReadException {
        if (c >= 0x80) {
            return utf8(p, e);
        }
        if (c < 0x20) {
            if (c == '\n') {
                newLine(p);
            } else if (c != '\t' && c != '\r') {
                throw badCharacter(p);
            }
        }
        return p + 1;
    }

    private int processingInstruction() throws EpuReadException {
        int targetStart = pos + 2;
        int p = name(targetStart, end);
        if (p == NEED) {
            return NEED;
        }
        if (scannedColon >= 0) {
            throw malformed(targetStart, "a colon in a processing instruction target (namespaces in XML forbid it)");
        }
        int n = p - targetStart;
        boolean xml = n == 3
                && (buf[targetStart] | 0x20) == 'x'
                && (buf[targetStart + 1] | 0x20) == 'm'
                && (buf[targetStart + 2] | 0x20) == 'l';
        if (xml) {
            if (base + tokenStart != documentStart || !startsWith(targetStart, "xml")) {
                throw malformed(
                        pos,
                        "an XML declaration (or a processing instruction named like one) not at the start of the file");
            }
        }
        int contentStart = p;
        while (true) {
            if (p >= end) {
                return NEED;
            }
            int c = buf[p] & 0xFF;
            if (c == '?') {
                if (p + 1 >= end) {
                    return NEED;
                }
                if (buf[p + 1] == '>') {
                    break;
                }
                p++;
            } else {
                p = markupCharacter(p, end, c);
                if (p == NEED) {
                    return NEED;
                }
            }
        }
        if (p > contentStart && !isSpace(buf[contentStart])) {
            throw malformed(contentStart, "expected white space after the processing instruction target");
        }
        if (p == contentStart && xml) {
            throw malformed(contentStart, "the XML declaration has no version");
        }
        if (xml) {
            declaration(contentStart, p);
        }
        pos = p + 2;
        return SKIP;
    }

    /** Checks {@code version}, {@code encoding} and {@code standalone} of the XML declaration. */
    private void declaration(int from, int to) throws EpuReadException {
        String s = new String(buf, from, to - from, StandardCharsets.UTF_8);
        String[] order = {"version", "encoding", "standalone"};
        int expected = 0;
        int i = 0;
        while (true) {
            int j = i;
            while (j < s.length() && isSpace((byte) s.charAt(j))) {
                j++;
            }
            if (j == s.length()) {
                break;
            }
            if (j == i) {
                throw malformed(from + j, "expected white space in the XML declaration");
            }
            int k = j;
            while (k < s.length() && s.charAt(k) >= 'a' && s.charAt(k) <= 'z') {
                k++;
            }
            String key = s.substring(j, k);
            int which = expected;
            while (which < order.length && !order[which].equals(key)) {
                which++;
            }
            if (which == order.length || expected == 0 && which != 0) {
                throw malformed(from + j, "unexpected '" + key + "' in the XML declaration");
            }
            expected = which + 1;
            while (k < s.length() && isSpace((byte) s.charAt(k))) {
                k++;
            }
            if (k == s.length() || s.charAt(k) != '=') {
                throw malformed(from + k, "expected '=' in the XML declaration");
            }
            k++;
            while (k < s.length() && isSpace((byte) s.charAt(k))) {
                k++;
            }
            char quote = k < s.length() ? s.charAt(k) : 0;
            int close = quote == '"' || quote == '\'' ? s.indexOf(quote, k + 1) : -1;
            if (close < 0) {
                throw malformed(from + k, "expected a quoted value in the XML declaration");
            }
            String value = s.substring(k + 1, close);
            switch (which) {
                case 0 -> {
                    if (!value.equals("1.0")) {
                        throw new EpuReadException.Unsupported(
                                file,
                                line,
                                column(from + k),
                                "XML version " + value + "; EPU files are XML 1.0 and only XML 1.0 is read",
                                null);
                    }
                }
                case 1 -> {
                    if (!value.equalsIgnoreCase("UTF-8")) {
                        throw new EpuReadException.Unsupported(
                                file,
                                line,
                                column(from + k),
                                "encoding " + value + "; EPU files are UTF-8 and only UTF-8 is read",
                                null);
                    }
                }
                default -> {
                    if (!value.equals("yes") && !value.equals("no")) {
                        throw malformed(from + k, "standalone must be yes or no");
                    }
                }
            }
            i = close + 1;
        }
        if (expected == 0) {
            throw malformed(from, "the XML declaration has no version");
        }
    }

    // ---------------------------------------------------------------- buffer

    /**
     * Makes room and reads more input, keeping the construct being scanned (from {@link #tokenStart}):
     * false at the end of input. Reads until the buffer is full so a construct scanned again after a
     * refill has at least twice the bytes it had.
     */
    private boolean more() throws EpuReadException {
        if (eof) {
            return false;
        }
        if (tokenStart > 0) {
            System.arraycopy(buf, tokenStart, buf, 0, end - tokenStart);
            base += tokenStart;
            end -= tokenStart;
            pos -= tokenStart;
            tokenStart = 0;
        }
        int before = end;
        try {
            if (buf.length == 0) {
                // A file says how much is left: a manifest then costs one buffer of its own size, not 32 KB.
                int size = in.available();
                buf = new byte[size > 0 && size < BUFFER ? Math.max(size + 1, SMALL_BUFFER) : BUFFER];
            } else if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            while (end < buf.length) {
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                    break;
                }
                end += n;
            }
        } catch (IOException e) {
            throw new EpuReadException.Unreadable(file, "I/O error while reading: " + e.getMessage(), e);
        }
        return end > before;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    /** Skips white space from {@code p}, counting lines; returns the first other position (or {@code e}). */
    private int space(int p, int e) {
        byte[] b = buf;
        while (p < e) {
            byte c = b[p];
            if (c == ' ' || c == '\t' || c == '\r') {
                p++;
            } else if (c == '\n') {
                newLine(p);
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private void newLine(int p) {
        line++;
        lineStart = base + p + 1;
    }

    // ---------------------------------------------------------------- XmlSource

    @Override
    public boolean is(String namespace, String localName) {
        if (!localNameEquals(localName)) {
            return false;
        }
        String uri = uris[curNs];
        return uri == namespace || uri.equals(namespace);
    }

    @Override
    public boolean startsWith(String namespace, String prefix) {
        int from = curName + curColon + 1;
        int n = prefix.length();
        if (n > curName + curLength - from) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = prefix.charAt(i);
            if (c >= 0x80) {
                return localName().startsWith(prefix) && uris[curNs].equals(namespace);
            }
            if (names[from + i] != c) {
                return false;
            }
        }
        String uri = uris[curNs];
        return uri == namespace || uri.equals(namespace);
    }

    /** Compares the current local name with {@code s} in place (names are ASCII in practice). */
    private boolean localNameEquals(String s) {
        int from = curName + curColon + 1;
        int n = curName + curLength - from;
        if (s.length() != n) {
            // a name with characters beyond ASCII is longer in bytes than in chars
            return !curAscii && localName().equals(s);
        }
        byte[] b = names;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (b[from + i] != c) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String localName() {
        if (curLocal == null) {
            curLocal = cachedLocalName();
        }
        return curLocal;
    }

    private String cachedLocalName() {
        int from = curName + curColon + 1;
        int to = curName + curLength;
        int slot = hash(names, from, to) & (localNames.length - 1);
        String s = localNames[slot];
        if (s != null && s.length() == to - from) {
            int i = 0;
            while (i < s.length() && s.charAt(i) == names[from + i]) {
                i++;
            }
            if (i == s.length()) {
                return s;
            }
        }
        s = new String(names, from, to - from, StandardCharsets.UTF_8);
        localNames[slot] = s;
        return s;
    }

    @Override
    public String namespace() {
        return uris[curNs];
    }

    @Override
    public String attribute(String namespace, String localName) {
        if (event != XMLStreamConstants.START_ELEMENT) {
            return null;
        }
        for (int i = 0; i < attributes; i++) {
            if (attrDeclaration[i]) {
                continue;
            }
            int from = attrColon[i] >= 0 ? attrColon[i] + 1 : attrName[i];
            int n = attrEnd[i] - from;
            if (!uris[attrNs[i]].equals(namespace)) {
                continue;
            }
            int k = 0;
            while (k < n && k < localName.length() && buf[from + k] == localName.charAt(k)) {
                k++;
            }
            boolean same = k == n && n == localName.length()
                    || n > localName.length()
                            && hasHigh(from, attrEnd[i])
                            && new String(buf, from, n, StandardCharsets.UTF_8).equals(localName);
            if (same) {
                return attrPlain[i]
                        ? new String(buf, attrValue[i], attrValueEnd[i] - attrValue[i], StandardCharsets.ISO_8859_1)
                        : decodeAttribute(attrValue[i], attrValueEnd[i]);
            }
        }
        return null;
    }

    private boolean hasHigh(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] < 0) {
                return true;
            }
        }
        return false;
    }

    /** An attribute value with references replaced and white space normalised to spaces. */
    private String decodeAttribute(int from, int to) {
        decode(from, to, false, false, true);
        return new String(chars, 0, charCount);
    }

    @Override
    public char[] textCharacters() {
        if (!textDecoded) {
            decode(textFrom, textTo, textPlain, textCdata, false);
            textDecoded = true;
        }
        return chars;
    }

    @Override
    public int textStart() {
        return 0;
    }

    @Override
    public int textLength() {
        textCharacters();
        return charCount;
    }

    /** Decodes checked bytes {@code buf[from, to)} into {@link #chars}. */
    private void decode(int from, int to, boolean plain, boolean cdata, boolean attribute) {
        if (chars.length < to - from) {
            chars = new char[Math.max(chars.length * 2, to - from)];
        }
        char[] out = chars;
        byte[] b = buf;
        int n = 0;
        if (plain) {
            // no references, line ends or bytes beyond ASCII: a widening copy
            for (int p = from; p < to; p++) {
                out[n++] = (char) b[p];
            }
            charCount = n;
            return;
        }
        for (int p = from; p < to; ) {
            int c = b[p];
            if (c >= 0 && c != '&' && c != '\r' && !(attribute && (c == '\n' || c == '\t'))) {
                out[n++] = (char) c;
                p++;
            } else if (c == '&' && !cdata) {
                int semi = p + 1;
                while (b[semi] != ';') {
                    semi++;
                }
                int v;
                if (b[p + 1] == '#') {
                    boolean hex = b[p + 2] == 'x';
                    v = Integer.parseInt(
                            new String(b, p + (hex ? 3 : 2), semi - p - (hex ? 3 : 2), StandardCharsets.ISO_8859_1),
                            hex ? 16 : 10);
                } else {
                    v = predefined(p + 1, semi);
                }
                n += Character.toChars(v, out, n);
                p = semi + 1;
            } else if (c == '&') {
                out[n++] = '&';
                p++;
            } else if (c == '\r' || c == '\n' || c == '\t') {
                // "\r\n" and a lone "\r" are one line feed (a space in an attribute)
                out[n++] = attribute ? ' ' : '\n';
                p += c == '\r' && p + 1 < to && b[p + 1] == '\n' ? 2 : 1;
            } else {
                int cp = codePoint(p);
                n += Character.toChars(cp, out, n);
                p += cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            }
        }
        charCount = n;
    }

    @Override
    public int line() {
        return line;
    }

    @Override
    public int column() {
        return column(pos);
    }

    /** The 1-based column of {@code p}: characters when the line start is still buffered, else bytes. */
    private int column(int p) {
        long start = lineStart - base;
        if (start < 0) {
            return (int) Math.min(Integer.MAX_VALUE, base + p - lineStart + 1);
        }
        int count = 1;
        for (int i = (int) start; i < p && i < end; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }

    @Override
    public EpuReadException translate(RuntimeException e) {
        return new EpuReadException.Malformed(file, line, column(pos), "parser failure: " + e, e);
    }

    @Override
    public void close() {
        buf = null;
    }

    private EpuReadException malformed(int p, String problem) {
        return new EpuReadException.Malformed(file, line, column(p), problem, null);
    }

    private EpuReadException incomplete(String problem) {
        return new EpuReadException.Incomplete(file, line, column(pos), problem + " (still being written?)", null);
    }

    private EpuReadException badCharacter(int p) {
        return malformed(p, "a character XML does not allow (byte 0x" + Integer.toHexString(buf[p] & 0xFF) + ")");
    }

    private void growAttributes() {
        int n = attrName.length * 2;
        attrName = Arrays.copyOf(attrName, n);
        attrEnd = Arrays.copyOf(attrEnd, n);
        attrColon = Arrays.copyOf(attrColon, n);
        attrValue = Arrays.copyOf(attrValue, n);
        attrValueEnd = Arrays.copyOf(attrValueEnd, n);
        attrNs = Arrays.copyOf(attrNs, n);
        attrPlain = Arrays.copyOf(attrPlain, n);
        attrDeclaration = Arrays.copyOf(attrDeclaration, n);
    }

    private void growElements() {
        int n = elementName.length * 2;
        elementName = Arrays.copyOf(elementName, n);
        elementLength = Arrays.copyOf(elementLength, n);
        elementColon = Arrays.copyOf(elementColon, n);
        elementNs = Arrays.copyOf(elementNs, n);
        elementAscii = Arrays.copyOf(elementAscii, n);
        elementBindings = Arrays.copyOf(elementBindings, n);
    }
}
