package io.sightline.core.epu.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The shared flow of every XML reader: open, parse through an {@link XmlCursor}, read to the end so a
 * truncated tail is noticed, close, and map every failure (checked or not) to an
 * {@link EpuReadException}. Subclasses only say how their document becomes a record.
 */
abstract class XmlEpuReader<T> implements EpuReader<T> {

    private final EpuXml xml;

    XmlEpuReader(EpuXml xml) {
        this.xml = xml;
    }

    @Override
    public final T read(Path file) throws EpuReadException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new EpuReadException.Unreadable(file, "file not found", e);
        } catch (IOException e) {
            throw new EpuReadException.Unreadable(file, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public final T read(InputStream in, Path file) throws EpuReadException {
        XmlSource r = xml.open(in, file);
        XmlCursor c = new XmlCursor(file, r);
        try {
            T value = parse(c, file);
            c.finish();
            return value;
        } catch (RuntimeException e) {
            // Woodstox reports some errors lazily as unchecked exceptions; they are parse errors all the same.
            throw c.translate(e);
        } finally {
            r.close();
        }
    }

    /** Turns the document into a record; the cursor is before the root element. */
    abstract T parse(XmlCursor c, Path file) throws EpuReadException;
}
