package io.sightline.core.epu.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts bytes and remembers whether the end of input was reached, so a parse error at the very end of
 * a file can be told apart from one in the middle (the JDK parser reports a cut-off end tag as a
 * mismatched tag, not as an end of file). One per read; not thread-safe.
 */
final class EndAwareInputStream extends FilterInputStream {

    private long count;
    private boolean atEnd;

    EndAwareInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd = true;
        } else {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
            atEnd = true;
        } else {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        count += s;
        return s;
    }

    @Override
    public void close() {
        // the caller owns the underlying stream (EpuReader#read(InputStream, Path) does not close it)
    }

    long count() {
        return count;
    }

    boolean atEnd() {
        return atEnd;
    }
}
