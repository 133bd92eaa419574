package io.tributary.learn.snapshot;

/** The 4-byte magics that open every snapshot format, and the test each codec uses to recognise its own. */
final class Magic {

    private Magic() {
    }

    /** True when {@code bytes} start with {@code magic}. */
    static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes == null || bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
