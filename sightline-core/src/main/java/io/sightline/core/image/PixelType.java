package io.sightline.core.image;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;

/**
 * The type of one sample, named as numpy names it ({@code dtype}), so that a shape and dtype mean the same
 * to Sightline, to gently's file references and to anything written in Python.
 */
public enum PixelType {
    INT8("int8", 1) {
        @Override
        public void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = src.get();
            }
        }
    },
    UINT8("uint8", 1) {
        @Override
        public void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = src.get() & 0xFF;
            }
        }
    },
    INT16("int16", 2) {
        @Override
        public void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = src.getShort();
            }
        }
    },
    UINT16("uint16", 2) {
        @Override
        public void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = src.getShort() & 0xFFFF;
            }
        }
    },
    FLOAT16("float16", 2) {
        @Override
        public void decode(ByteBuffer src, float[] dst, int offset, int count) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = Float.float16ToFloat(src.getShort());
            }
        }
    },
    FLOAT32("float32", 4) {
        @Override
        public void decode(ByteBuffer src, float[] dst, int offset, int count) {
            // the view's bulk get copies (and swaps, when the orders differ) without a per-sample call
            src.asFloatBuffer().get(dst, offset, count);
            src.position(src.position() + count * 4);
        }
    };

    private final String dtype;
    private final int bytes;

    PixelType(String dtype, int bytes) {
        this.dtype = dtype;
        this.bytes = bytes;
    }

    /** The numpy name: {@code uint16}, {@code float32}. */
    @JsonValue
    public String dtype() {
        return dtype;
    }

    /** Bytes per sample. */
    public int bytes() {
        return bytes;
    }

    /**
     * Decodes {@code count} samples from {@code src} (in its byte order, from its position, which advances)
     * into {@code dst} from {@code offset}.
     */
    public abstract void decode(ByteBuffer src, float[] dst, int offset, int count);

    @Override
    public String toString() {
        return dtype;
    }
}
