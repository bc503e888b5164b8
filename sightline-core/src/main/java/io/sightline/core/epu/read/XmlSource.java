package io.sightline.core.epu.read;

/**
 * What {@link XmlCursor} needs from an XML parser, and nothing more: a forward-only stream of events
 * ({@link javax.xml.stream.XMLStreamConstants} values) with the current element's namespace and local
 * name, one attribute by name, the text of a character event, and the position for errors. Two
 * implementations: {@link StaxSource} over any StAX parser and {@link XmlScanner}, the purpose-made one.
 *
 * <p>Events that carry no values for the readers (comments, processing instructions, the XML
 * declaration) may or may not be reported; text may arrive in several consecutive events.
 */
interface XmlSource {

    /**
     * Advances to the next event and returns its type: {@code START_ELEMENT}, {@code END_ELEMENT},
     * {@code CHARACTERS} (or {@code CDATA}, {@code SPACE}), {@code DTD}, {@code END_DOCUMENT}, or others
     * the cursor ignores. Any parse failure is the typed error naming file, line and column.
     */
    int next() throws EpuReadException;

    /** True when the current element is {@code {namespace}localName}; "" is no namespace. */
    boolean is(String namespace, String localName);

    /** True when the current element is in {@code namespace} and its local name starts with {@code prefix}. */
    boolean startsWith(String namespace, String prefix);

    /** The current element's local name (or an entity reference's name). */
    String localName();

    /** The current element's namespace URI, "" for none. */
    String namespace();

    /** The value of the current start element's attribute {@code {namespace}localName}, or null. */
    String attribute(String namespace, String localName);

    /** The characters of the current text event are {@code textCharacters()[textStart() .. +textLength()]}. */
    char[] textCharacters();

    int textStart();

    int textLength();

    /** 1-based line of the current position, -1 when unknown. */
    int line();

    /** 1-based column of the current position, -1 when unknown. */
    int column();

    /** Maps an unchecked exception thrown while parsing to the typed error (some parsers report lazily). */
    EpuReadException translate(RuntimeException e);

    /** Releases the parser's buffers; the caller owns and closes the input stream. */
    void close();
}
