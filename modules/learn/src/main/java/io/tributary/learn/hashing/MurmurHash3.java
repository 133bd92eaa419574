package io.tributary.learn.hashing;

import java.util.Objects;

/**
 * MurmurHash3's 32-bit x86 variant ({@code MurmurHash3_x86_32} of Austin Appleby's SMHasher, public domain),
 * written from the reference algorithm: 4-byte little-endian blocks mixed with {@code c1 = 0xcc9e2d51},
 * {@code c2 = 0x1b873593}, rotations 15 and 13, then the tail, the length and the {@code fmix32} finaliser.
 *
 * <p>Strings are hashed as their UTF-8 bytes (an unpaired surrogate counts as {@code '?'}, as
 * {@link String#getBytes(java.nio.charset.Charset)} encodes it), so the values agree with other implementations that
 * hash UTF-8, scikit-learn's {@code murmurhash3_32} among them. {@link #hash32(CharSequence, int)} encodes on the
 * fly without allocating.
 */
public final class MurmurHash3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {
    }

    /** The hash of {@code data[offset, offset + length)}. */
    @SuppressWarnings("fallthrough") // the tail mixes 3, 2 or 1 leftover bytes: each case adds one and falls on
    public static int hash32(byte[] data, int offset, int length, int seed) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int h = seed;
        int blocks = length & ~3;
        for (int i = 0; i < blocks; i += 4) {
            int k = (data[offset + i] & 0xff)
                    | (data[offset + i + 1] & 0xff) << 8
                    | (data[offset + i + 2] & 0xff) << 16
                    | (data[offset + i + 3] & 0xff) << 24;
            h = mixBlock(h, k);
        }
        int k = 0;
        switch (length & 3) {
            case 3:
                k ^= (data[offset + blocks + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[offset + blocks + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[offset + blocks] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        return fmix(h ^ length);
    }

    public static int hash32(byte[] data, int seed) {
        return hash32(data, 0, data.length, seed);
    }

    /** The hash of the UTF-8 encoding of {@code text}, computed without building the byte array. */
    public static int hash32(CharSequence text, int seed) {
        Utf8Hasher hasher = new Utf8Hasher(seed);
        hasher.addUtf8(text);
        return hasher.finish();
    }

    /** The hash of the UTF-8 encoding of {@code first + separator + second}, without concatenating. */
    public static int hash32(CharSequence first, char separator, CharSequence second, int seed) {
        Utf8Hasher hasher = new Utf8Hasher(seed);
        hasher.addUtf8(first);
        hasher.addUtf8(String.valueOf(separator));
        hasher.addUtf8(second);
        return hasher.finish();
    }

    /** Streams bytes into 4-byte blocks. */
    private static final class Utf8Hasher {
        private int h;
        private int block;
        private int filled;
        private int length;

        Utf8Hasher(int seed) {
            h = seed;
        }

        void addUtf8(CharSequence text) {
            int length = text.length();
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    add(c);
                } else if (c < 0x800) {
                    add(0xc0 | (c >>> 6));
                    add(0x80 | (c & 0x3f));
                } else if (Character.isHighSurrogate(c) && i + 1 < length
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    add(0xf0 | (cp >>> 18));
                    add(0x80 | ((cp >>> 12) & 0x3f));
                    add(0x80 | ((cp >>> 6) & 0x3f));
                    add(0x80 | (cp & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    add('?');
                } else {
                    add(0xe0 | (c >>> 12));
                    add(0x80 | ((c >>> 6) & 0x3f));
                    add(0x80 | (c & 0x3f));
                }
            }
        }

        void add(int b) {
            block |= (b & 0xff) << (8 * filled);
            length++;
            if (++filled == 4) {
                h = mixBlock(h, block);
                block = 0;
                filled = 0;
            }
        }

        int finish() {
            if (filled > 0) {
                h ^= mixK(block);
            }
            return fmix(h ^ length);
        }
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixBlock(int h, int k) {
        h ^= mixK(k);
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    /** The finaliser: forces every input bit to affect every output bit. */
    static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
