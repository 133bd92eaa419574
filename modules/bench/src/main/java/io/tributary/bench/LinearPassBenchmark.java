package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.Regressor;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.LinearTarget;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.knowm.xchart.CategoryChart;

/**
 * One online pass of linear regression (AdaGrad) over N synthetic samples {@code y = w . x + b + N(0, noise^2)},
 * d = 10, generated on the fly ({@link LinearTarget}): nothing is stored, so the memory measured is the learner's
 * plus the generator's short-lived garbage, not a dataset's. For each N: wall time of the pass (generation
 * included), the time of a generation-only pass (to show what the learner itself costs), the final model's RMSE on
 * 100 000 further samples of the same stream next to the noise level, and memory:
 *
 * <ul>
 *   <li><b>peak heap used</b>: after {@code System.gc()} (the baseline), a listener on the collectors' notifications
 *       records the heap in use just before every collection during the pass: heap use only grows between
 *       collections, so the largest of those values (and the value at the end) is the peak. It includes garbage
 *       not yet collected, so it mostly reflects the young generation's size, not what the pass needs;</li>
 *   <li><b>retained heap</b>: heap used after the pass and another {@code System.gc()}, minus the baseline;</li>
 *   <li><b>process peak RSS</b> ({@code VmHWM}), which includes the JVM itself (code cache, metaspace, the reserved
 *       heap it touched); the honest floor for "memory" is shown by running the same pass with a tiny {@code -Xmx}
 *       (see the README).</li>
 * </ul>
 *
 * <p>A plain main: one pass is the unit (0.1–10 s). One uncounted warm-up pass of 1 M, then each size R times,
 * medians reported.
 */
public final class LinearPassBenchmark {

    private LinearPassBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = VsTribuoBenchmark.parse(args);
        long[] sizes = Arrays.stream(opts.getOrDefault("sizes", "1000000,10000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int d = Integer.parseInt(opts.getOrDefault("d", "10"));
        double noise = Double.parseDouble(opts.getOrDefault("noise", "0.1"));
        double lr = Double.parseDouble(opts.getOrDefault("lr", "0.05"));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
        int nTest = Integer.parseInt(opts.getOrDefault("test", "100000"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "7"));
        Path out = Path.of(opts.getOrDefault("out", "bench/results"));
        String name = opts.getOrDefault("name", "linear-pass");
        boolean plot = Boolean.parseBoolean(opts.getOrDefault("plot", "true"));

        AtomicLong peakBeforeGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = info.getGcInfo().getMemoryUsageBeforeGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed).sum();
                    // Non-heap pools (code cache, metaspace) are in the map too: subtract them below.
                    long nonHeap = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.NON_HEAP) {
                            MemoryUsage u = info.getGcInfo().getMemoryUsageBeforeGc().get(pool.getName());
                            if (u != null) {
                                nonHeap += u.getUsed();
                            }
                        }
                    }
                    peakBeforeGc.accumulateAndGet(used - nonHeap, Math::max);
                }
            }, null, null);
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "LinearPassBenchmark");
        Map<String, Object> machine = VsTribuoBenchmark.machine();
        machine.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .toList());
        machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        results.put("machine", machine);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("stream", "LinearTarget(d, noiseStd, seed): x ~ U[-1,1]^d, w, b ~ U[-1,1], y = w.x + b + N(0, "
                + "noiseStd^2), generated on the fly (one float[d] per sample, garbage right after)");
        config.put("d", d);
        config.put("noiseStd", noise);
        config.put("learner", "Learners.create(LearnerSpec.regression(\"linear_regression\", d, {optimizer: adagrad,"
                + " learning_rate: " + lr + "}))");
        config.put("testSamples", nTest);
        config.put("warmupPasses", warmup + " x 1000000");
        config.put("repeats", repeats);
        config.put("seed", seed);
        config.put("seedSystemReference", Map.of(
                "note", "C++ core of the seed system, which stored the data set in memory; not like for like",
                "1000000", Map.of("seconds", 1.4, "memoryMB", 95),
                "10000000", Map.of("seconds", 14.2, "memoryMB", 420)));
        results.put("config", config);

        for (int w = 0; w < warmup; w++) {
            pass(1_000_000, d, noise, lr, seed + 1000 + w, 0);
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        for (long n : sizes) {
            List<Double> seconds = new ArrayList<>();
            List<Double> genSeconds = new ArrayList<>();
            List<Long> peaks = new ArrayList<>();
            List<Long> retained = new ArrayList<>();
            double rmse = Double.NaN;
            double noiseRmse = Double.NaN;
            long baseline = 0;
            for (int r = 0; r < repeats; r++) {
                // Generation only, same stream, for reference.
                LinearTarget gen = new LinearTarget(d, noise, seed);
                long g0 = System.nanoTime();
                double sink = 0;
                for (long i = 0; i < n; i++) {
                    sink += gen.next().y();
                }
                long g1 = System.nanoTime();
                if (sink == 42.0) {
                    System.out.println("(sink)");
                }
                genSeconds.add((g1 - g0) / 1e9);

                baseline = settledHeapUsed();
                peakBeforeGc.set(0);
                Object[] res = pass(n, d, noise, lr, seed, nTest);
                long endUsed = heapUsed();
                long peak = Math.max(peakBeforeGc.get(), endUsed);
                long after = settledHeapUsed();
                double s = (Double) res[0];
                rmse = (Double) res[1];
                noiseRmse = (Double) res[2];
                seconds.add(s);
                peaks.add(peak);
                retained.add(after - baseline);
                System.out.printf("n=%,d rep %d: pass %.3f s (generation alone %.3f s), %.2f M samples/s, RMSE %.5f "
                        + "(noise %.5f), peak heap used %.1f MiB (baseline %.1f MiB), retained %+d bytes%n",
                        n, r, s, (g1 - g0) / 1e9, n / s / 1e6, rmse, noiseRmse, peak / 1048576.0,
                        baseline / 1048576.0, after - baseline);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("samples", n);
            row.put("passSecondsMedian", VsTribuoBenchmark.median(seconds));
            row.put("passSeconds", seconds);
            row.put("samplesPerSecond", n / VsTribuoBenchmark.median(seconds));
            row.put("generationOnlySecondsMedian", VsTribuoBenchmark.median(genSeconds));
            row.put("generationOnlySeconds", genSeconds);
            row.put("peakHeapUsedMiB", peaks.stream().map(p -> p / 1048576.0).toList());
            row.put("peakHeapUsedMiBMax", peaks.stream().mapToLong(Long::longValue).max().orElse(0) / 1048576.0);
            row.put("heapBaselineMiB", baseline / 1048576.0);
            row.put("retainedBytesAfterGc", retained);
            row.put("testRmse", rmse);
            row.put("noiseRmseOnTest", noiseRmse);
            row.put("testRmseOverNoise", rmse / noiseRmse);
            rows.add(row);
        }
        results.put("results", rows);
        results.put("processPeakRssMiB", procStatusMiB("VmHWM"));
        results.put("heapCommittedAtEndMiB",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0);

        Files.createDirectories(out);
        Path json = out.resolve(name + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        System.out.println("process peak RSS " + procStatusMiB("VmHWM") + " MiB; wrote " + json);
        if (plot) {
            plotTimes(rows, out.resolve(name + ".png"));
        }
    }

    /** Returns {seconds, test RMSE, RMSE of the true function on the test samples (the noise)}. */
    private static Object[] pass(long n, int d, double noise, double lr, long seed, int nTest) {
        long t0 = System.nanoTime();
        LinearTarget stream = new LinearTarget(d, noise, seed);
        Regressor model = (Regressor) Learners.create(LearnerSpec.regression("linear_regression", d,
                Map.of("optimizer", "adagrad", "learning_rate", lr)));
        for (long i = 0; i < n; i++) {
            LabelledInstance li = stream.next();
            model.learnOne(li.features(), li.y());
        }
        long t1 = System.nanoTime();
        double[] w = stream.weights();
        double b = stream.bias();
        double se = 0;
        double noiseSe = 0;
        for (int i = 0; i < nTest; i++) {
            LabelledInstance li = stream.next();
            double e = model.predictOne(li.features()) - li.y();
            se += e * e;
            double truth = b;
            for (int j = 0; j < d; j++) {
                truth += w[j] * li.x()[j];
            }
            noiseSe += (truth - li.y()) * (truth - li.y());
        }
        return new Object[] {(t1 - t0) / 1e9, Math.sqrt(se / Math.max(1, nTest)), Math.sqrt(noiseSe / Math.max(1, nTest))};
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long settledHeapUsed() {
        System.gc();
        System.gc();
        return heapUsed();
    }

    private static Object procStatusMiB(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 * 10) / 10.0)
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void plotTimes(List<Map<String, Object>> rows, Path png) throws IOException {
        List<String> categories = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> gen = new ArrayList<>();
        List<Double> seed = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            long n = (Long) r.get("samples");
            categories.add(String.format("%,d x 10", n));
            ours.add((Double) r.get("passSecondsMedian"));
            gen.add((Double) r.get("generationOnlySecondsMedian"));
            seed.add(n == 1_000_000 ? 1.4 : n == 10_000_000 ? 14.2 : 0.0);
        }
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("Tributary: one streamed pass (generation + learning)", ours);
        series.put("Tributary: generation alone", gen);
        series.put("seed system's C++ core (stored data; reported)", seed);
        CategoryChart chart = Charts.bars("Linear regression, one online pass, d = 10", "samples", "seconds",
                categories, series, "0.00");
        Charts.savePng(chart, png);
    }
}
