package io.tributary.learn.transform;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link StateWriter} wrote. Every failure (running past the end, a length that cannot fit in what is
 * left) is an {@link IllegalArgumentException}, and lengths are checked before anything is allocated, so corrupted
 * bytes cannot trigger a huge allocation.
 */
final class StateReader {

    private final byte[] buf;
    private int pos;
    private final int end;

    StateReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    StateReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    private void need(long n) {
        if (n < 0 || pos + n > end) {
            throw new IllegalArgumentException("truncated transform snapshot: needs " + n + " more bytes at offset "
                    + pos + ", has " + (end - pos));
        }
    }

    int remaining() {
        return end - pos;
    }

    int getByte() {
        need(1);
        return buf[pos++] & 0xff;
    }

    int getInt() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    long getLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xffL) << (8 * i);
        }
        return v;
    }

    float getFloat() {
        return Float.intBitsToFloat(getInt());
    }

    double getDouble() {
        return Double.longBitsToDouble(getLong());
    }

    private int length(int elementSize) {
        int n = getInt();
        if (n < 0) {
            throw new IllegalArgumentException("corrupted transform snapshot: negative length " + n);
        }
        need((long) n * elementSize);
        return n;
    }

    String getString() {
        int n = length(1);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    byte[] getBytes() {
        int n = length(1);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    int[] getInts() {
        int[] out = new int[length(4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getInt();
        }
        return out;
    }

    float[] getFloats() {
        float[] out = new float[length(4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat();
        }
        return out;
    }

    double[] getDoubles() {
        double[] out = new double[length(8)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble();
        }
        return out;
    }

    long[] getLongs() {
        long[] out = new long[length(8)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong();
        }
        return out;
    }

    /** Fails unless every byte was read. */
    void expectEnd() {
        if (pos != end) {
            throw new IllegalArgumentException("corrupted transform snapshot: " + (end - pos) + " unexpected trailing bytes");
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("corrupted transform snapshot: " + what);
        }
    }
}
