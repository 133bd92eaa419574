package io.tributary.runtime.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh topic (and consumer group, application id) names, so tests sharing one broker never
 * read each other's records: a shared broker keeps topics for the whole test JVM.
 */
public final class TestTopics {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestTopics() {
    }

    /**
     * {@code <prefix>-<n>-<random>}, e.g. {@code features-3-k2f9qa}; characters Kafka does not
     * allow in topic names become {@code _}. The random part keeps names unique across JVMs
     * that share a broker started with a fixed data directory.
     */
    public static String unique(String prefix) {
        String clean = prefix == null || prefix.isEmpty() ? "topic" : prefix.replaceAll("[^a-zA-Z0-9._-]", "_");
        if (clean.length() > 200) {
            clean = clean.substring(0, 200);
        }
        return clean + "-" + COUNTER.incrementAndGet() + "-" + randomSuffix();
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(6);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
