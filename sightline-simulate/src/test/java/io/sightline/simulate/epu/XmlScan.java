package io.sightline.simulate.epu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What a namespace-aware StAX reader (DTDs and external entities off) sees in a file: the root element, the text of
 * every leaf element by namespace + local name, how often each element occurs, and the attributes of chosen ones.
 * Parsing fails with {@link XMLStreamException} on anything not well-formed.
 */
record XmlScan(
        QName root,
        Map<String, List<String>> texts,
        Map<String, Integer> counts,
        Map<String, List<Map<String, String>>> attributes) {

    static final String EPU = "http://schemas.datacontract.org/2004/07/Applications.Epu.Persistence";
    static final String COMMON = "http://schemas.datacontract.org/2004/07/Fei.Applications.Common.Types";
    static final String ATLAS =
            "http://schemas.datacontract.org/2004/07/Applications.SciencesAppsShared.GridAtlas.Persistence";
    static final String SHARED = "http://schemas.datacontract.org/2004/07/Fei.SharedObjects";
    static final String ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
    static final String GENERIC = "http://schemas.datacontract.org/2004/07/System.Collections.Generic";
    static final String SERIALIZATION = "http://schemas.microsoft.com/2003/10/Serialization/";

    private static final XMLInputFactory FACTORY = hardened();

    private static XMLInputFactory hardened() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    static XmlScan of(Path file) throws IOException, XMLStreamException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    static XmlScan of(InputStream in) throws XMLStreamException {
        XMLStreamReader reader = FACTORY.createXMLStreamReader(in);
        QName root = null;
        Map<String, List<String>> texts = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, List<Map<String, String>>> attributes = new HashMap<>();
        List<String> open = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean leaf = false;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                String key = key(reader.getNamespaceURI(), reader.getLocalName());
                if (root == null) {
                    root = reader.getName();
                }
                counts.merge(key, 1, Integer::sum);
                Map<String, String> attrs = new HashMap<>();
                for (int i = 0; i < reader.getAttributeCount(); i++) {
                    attrs.put(
                            key(reader.getAttributeNamespace(i), reader.getAttributeLocalName(i)),
                            reader.getAttributeValue(i));
                }
                attributes.computeIfAbsent(key, k -> new ArrayList<>()).add(attrs);
                open.add(key);
                text.setLength(0);
                leaf = true;
            } else if (event == XMLStreamReader.CHARACTERS) {
                text.append(reader.getText());
            } else if (event == XMLStreamReader.END_ELEMENT) {
                String key = open.remove(open.size() - 1);
                if (leaf) {
                    texts.computeIfAbsent(key, k -> new ArrayList<>()).add(text.toString());
                }
                leaf = false;
            }
        }
        reader.close();
        return new XmlScan(root, texts, counts, attributes);
    }

    /**
     * The {@code CustomData} entries of an image manifest: {@code a:Key} → text of {@code a:Value}, or
     * {@code "(structured)"} for values with child elements and {@code "(nil)"} for {@code i:nil} ones.
     */
    static Map<String, String> customData(Path manifest) throws IOException, XMLStreamException {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(manifest)) {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(in);
            boolean inside = false;
            String key = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (name.equals("CustomData") && SHARED.equals(reader.getNamespaceURI())) {
                        inside = true;
                    } else if (inside && name.equals("Key") && ARRAYS.equals(reader.getNamespaceURI())) {
                        key = reader.getElementText();
                    } else if (inside && name.equals("Value") && ARRAYS.equals(reader.getNamespaceURI())) {
                        if ("true"
                                .equals(reader.getAttributeValue("http://www.w3.org/2001/XMLSchema-instance", "nil"))) {
                            entries.put(key, "(nil)");
                            continue;
                        }
                        StringBuilder text = new StringBuilder();
                        boolean structured = false;
                        int depth = 1;
                        while (depth > 0) {
                            int inner = reader.next();
                            if (inner == XMLStreamReader.START_ELEMENT) {
                                structured = true;
                                depth++;
                            } else if (inner == XMLStreamReader.END_ELEMENT) {
                                depth--;
                            } else if (inner == XMLStreamReader.CHARACTERS) {
                                text.append(reader.getText());
                            }
                        }
                        entries.put(key, structured ? "(structured)" : text.toString());
                    }
                } else if (event == XMLStreamReader.END_ELEMENT
                        && reader.getLocalName().equals("CustomData")) {
                    inside = false;
                }
            }
            reader.close();
        }
        return entries;
    }

    static String key(String namespace, String localName) {
        return (namespace == null ? "" : namespace) + "|" + localName;
    }

    List<String> texts(String namespace, String localName) {
        return texts.getOrDefault(key(namespace, localName), List.of());
    }

    String first(String namespace, String localName) {
        List<String> values = texts(namespace, localName);
        if (values.isEmpty()) {
            throw new AssertionError("no element {" + namespace + "}" + localName);
        }
        return values.get(0);
    }

    int count(String namespace, String localName) {
        return counts.getOrDefault(key(namespace, localName), 0);
    }

    /** Occurrences of elements whose local name starts with {@code prefix} (generated suffixes vary). */
    int countStartingWith(String namespace, String prefix) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().startsWith((namespace == null ? "" : namespace) + "|" + prefix))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    List<Map<String, String>> attributes(String namespace, String localName) {
        return attributes.getOrDefault(key(namespace, localName), List.of());
    }
}
