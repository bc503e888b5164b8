package io.sightline.core.epu.read;

import java.io.InputStream;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one place where XML parsers are made and hardened: namespace-aware, no DTDs, no external or
 * internal entity expansion, no coalescing (readers join text themselves). Every reader parses through
 * an instance of this class.
 *
 * <p>{@link #sightline()}, the purpose-made {@link XmlScanner}, is the default; this departs from the
 * design's "JDK StAX (Woodstox if faster)" for a measured reason: issue 2's budget of one second for
 * {@code parse dir} of the two-day workload including JVM start. EPU's DataContract XML redeclares
 * namespaces on very many elements, and a cold (C1-compiled) StAX parser spends most of a read on them:
 * on the 108 MB benchmark atlas the scanner needs about half of Aalto's CPU, and {@code parse dir} about
 * 0.7 of it (figures in {@code docs/benchmarks.md}). Aalto, the fastest StAX parser here (about 1.5x
 * Woodstox on manifests and grid-square files), stays selectable with {@link #aalto()}; {@link #woodstox()}
 * and {@link #jdk()} exist so the benchmark can compare. Every reader test runs with all four, and a
 * property test holds the scanner to Aalto's events, so each stays a working, equally hardened choice.
 */
public final class EpuXml {

    /** The hardened StAX factory; null for {@link #sightline()}, which needs none. */
    private final XMLInputFactory factory;

    private final String name;

    private EpuXml(XMLInputFactory factory, String name) {
        this.factory = factory == null ? null : harden(factory);
        this.name = name;
    }

    /** {@link XmlScanner}, the purpose-made UTF-8 scanner. */
    public static EpuXml sightline() {
        return new EpuXml(null, "sightline");
    }

    /** Woodstox, hardened. */
    public static EpuXml woodstox() {
        com.ctc.wstx.stax.WstxInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        // Measured with ReaderBenchmark: configureForSpeed skips work the readers never use (exact event
        // start locations, line-feed normalisation); the error position still comes from the current
        // input location. Namespace URIs are compared with equals(), so Woodstox need not intern them,
        // and interning goes through one JVM-wide synchronized cache that parallel reads contend on.
        f.configureForSpeed();
        f.setProperty(org.codehaus.stax2.XMLInputFactory2.P_INTERN_NS_URIS, false);
        return new EpuXml(f, "woodstox");
    }

    /**
     * Aalto (FasterXML), hardened. Aalto never reads a DTD's internal subset for entities (it has no DTD
     * support beyond reporting the DOCTYPE, which the readers refuse) and resolves nothing external.
     */
    public static EpuXml aalto() {
        return new EpuXml(new com.fasterxml.aalto.stax.InputFactoryImpl(), "aalto");
    }

    /** The JDK's built-in StAX parser, hardened. */
    public static EpuXml jdk() {
        return new EpuXml(XMLInputFactory.newDefaultFactory(), "jdk");
    }

    /** The default parser ({@link #sightline()}). */
    public static EpuXml defaults() {
        return sightline();
    }

    /** Which parser this is ({@code sightline}, {@code aalto}, {@code woodstox} or {@code jdk}). */
    public String name() {
        return name;
    }

    private static XMLInputFactory harden(XMLInputFactory f) {
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        // A DTD could declare entities (billion laughs) or fetch files or URLs; EPU never writes one.
        // The readers additionally refuse a document that carries a DOCTYPE at all.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return f;
    }

    /** Opens a parse of {@code in}; the caller closes the stream. */
    XmlSource open(InputStream in, Path file) throws EpuReadException {
        if (factory == null) {
            return new XmlScanner(in, file);
        }
        EndAwareInputStream counted = new EndAwareInputStream(in);
        try {
            return new StaxSource(file, createReader(counted, file), counted);
        } catch (XMLStreamException | RuntimeException e) {
            throw StaxSource.translate(file, e, null, counted);
        }
    }

    /**
     * Synchronized because the JDK factory reuses internal state when creating readers; creation is
     * cheap next to parsing, so one lock costs nothing measurable.
     */
    private synchronized XMLStreamReader createReader(InputStream in, Path file) throws XMLStreamException {
        return factory.createXMLStreamReader(file.toString(), in);
    }
}
