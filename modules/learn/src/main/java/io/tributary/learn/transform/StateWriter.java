package io.tributary.learn.transform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing little-endian byte sink for transform snapshots. */
final class StateWriter {

    private byte[] buf = new byte[64];
    private int size;

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    StateWriter putByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    StateWriter putInt(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    StateWriter putLong(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    StateWriter putFloat(float v) {
        return putInt(Float.floatToRawIntBits(v));
    }

    StateWriter putDouble(double v) {
        return putLong(Double.doubleToRawLongBits(v));
    }

    StateWriter putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** Length, then the values. */
    StateWriter putInts(int[] v) {
        putInt(v.length);
        for (int x : v) {
            putInt(x);
        }
        return this;
    }

    StateWriter putFloats(float[] v) {
        putInt(v.length);
        for (float x : v) {
            putFloat(x);
        }
        return this;
    }

    StateWriter putDoubles(double[] v) {
        putInt(v.length);
        for (double x : v) {
            putDouble(x);
        }
        return this;
    }

    StateWriter putLongs(long[] v) {
        putInt(v.length);
        for (long x : v) {
            putLong(x);
        }
        return this;
    }

    StateWriter putBytes(byte[] b) {
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
