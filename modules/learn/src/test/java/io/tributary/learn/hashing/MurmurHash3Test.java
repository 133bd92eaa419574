package io.tributary.learn.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Known MurmurHash3_x86_32 values. The SMHasher verification value is the reference implementation's own
 * self-test; the string vectors are the widely published ones, each re-checked against scikit-learn's
 * {@code sklearn.utils.murmurhash3_32} (Debian python3-sklearn 1.2.1), which wraps Appleby's C++ code.
 */
class MurmurHash3Test {

    private static int utf8(String s, int seed) {
        return MurmurHash3.hash32(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    @Test
    void publishedTestVectors() {
        assertEquals(0, utf8("", 0));
        assertEquals(0x514E28B7, utf8("", 1));
        assertEquals(0x81F16F39, utf8("", 0xffffffff));
        assertEquals(0x2362F9DE, MurmurHash3.hash32(new byte[4], 0));
        assertEquals(0x5A97808A, utf8("aaaa", 0x9747b28c));
        assertEquals(0x283E0130, utf8("aaa", 0x9747b28c));
        assertEquals(0x5D211726, utf8("aa", 0x9747b28c));
        assertEquals(0x7FA09EA6, utf8("a", 0x9747b28c));
        assertEquals(0xF0478627, utf8("abcd", 0x9747b28c));
        assertEquals(0xC84A62DD, utf8("abc", 0x9747b28c));
        assertEquals(0x74875592, utf8("ab", 0x9747b28c));
        assertEquals(0x24884CBA, utf8("Hello, world!", 0x9747b28c));
        assertEquals(0xD58063C1, utf8("ππππππππ", 0x9747b28c));
        assertEquals(0x2FA826CD, utf8("The quick brown fox jumps over the lazy dog", 0x9747b28c));
        assertEquals(0x2E4FF723, utf8("The quick brown fox jumps over the lazy dog", 0));
        // Multi-byte UTF-8, from scikit-learn's murmurhash3_32(s.encode("utf-8"), seed=42).
        assertEquals(1023967903, utf8("é", 42));
        assertEquals(547340384, utf8("€", 42));
        assertEquals(228972798, utf8("\uD834\uDD1E", 42));
        assertEquals(-520737520, utf8("a\uD834\uDD1Eb€é", 42));
    }

    @Test
    void smhasherVerificationValue() {
        // SMHasher's VerificationTest: hash keys {0}, {0,1}, ..., {0..254} (key i has length i) with seed 256 - i,
        // concatenate the 256 hashes little-endian and hash that with seed 0.
        byte[] key = new byte[256];
        byte[] hashes = new byte[256 * 4];
        for (int i = 0; i < 256; i++) {
            key[i] = (byte) i;
            int h = MurmurHash3.hash32(key, 0, i, 256 - i);
            hashes[4 * i] = (byte) h;
            hashes[4 * i + 1] = (byte) (h >>> 8);
            hashes[4 * i + 2] = (byte) (h >>> 16);
            hashes[4 * i + 3] = (byte) (h >>> 24);
        }
        assertEquals(0xB0F57EE3, MurmurHash3.hash32(hashes, 0));
    }

    @Test
    void stringPathAgreesWithTheUtf8Bytes() {
        SplittableRandom r = new SplittableRandom(1);
        char[] alphabet = "az09=_-. é€ßπ\uD834\uDD1E\uD83D\uDE00".toCharArray();
        for (int t = 0; t < 5000; t++) {
            StringBuilder sb = new StringBuilder();
            int length = r.nextInt(20);
            for (int i = 0; i < length; i++) {
                // Random chars from the alphabet, so surrogates sometimes end up unpaired, plus random BMP chars.
                sb.append(r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : alphabet[r.nextInt(alphabet.length)]);
            }
            String s = sb.toString();
            int seed = r.nextInt();
            assertEquals(utf8(s, seed), MurmurHash3.hash32(s, seed), () -> "string " + s.codePoints().boxed().toList());
            String other = Integer.toString(t);
            assertEquals(utf8(s + "=" + other, seed), MurmurHash3.hash32(s, '=', other, seed));
        }
    }

    @Test
    void offsetAndLengthSelectTheSlice() {
        byte[] data = "xxHello, world!yy".getBytes(StandardCharsets.UTF_8);
        assertEquals(0x24884CBA, MurmurHash3.hash32(data, 2, 13, 0x9747b28c));
    }
}
