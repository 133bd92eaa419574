package io.tributary.bench;

import io.tributary.learn.simd.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Facts about the machine a Kafka benchmark ran on, for its results file, and the small statistics those benchmarks
 * share. Read from {@code /proc} where it exists (Linux); "unknown" elsewhere.
 */
final class BenchMachine {

    private BenchMachine() {}

    /** Cores, CPU model, memory, OS, JDK, Kafka version and vector kernels, for a results file. */
    static Map<String, Object> facts(String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("memoryGiB", memoryGiB());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version());
        m.put("kafka", AppInfoParser.getVersion());
        m.put("broker", "one KRaft broker+controller in a child JVM on the same machine (EmbeddedKafkaBroker)");
        m.put("vectorKernels", Kernels.preferred().name());
        m.put("benchJvmMaxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("note", note);
        return m;
    }

    /** The first line of {@code /proc/loadavg}: 1, 5 and 15-minute load averages, runnable/total, last pid. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The median; the mean of the middle two for an even count. */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Object memoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0 * 10) / 10.0)
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
