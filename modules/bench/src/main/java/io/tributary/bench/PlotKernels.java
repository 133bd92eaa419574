package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the JMH JSON of {@link KernelBenchmark} and plots the Vector API speedup over the scalar kernels (vector
 * throughput / scalar throughput) per benchmark and dimension; prints the same numbers as a Markdown table.
 *
 * <pre>
 * java -cp modules/bench/target/tributary-bench.jar io.tributary.bench.PlotKernels \
 *     bench/results/kernels.json bench/results/kernels.png
 * </pre>
 */
public final class PlotKernels {

    private PlotKernels() {}

    /** Display names, in plot order. */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("dot", "dot");
        NAMES.put("sgdStep", "sgdStep kernel");
        NAMES.put("adagradStep", "adagradStep kernel");
        NAMES.put("learnOneSgd", "logistic learnOne (SGD)");
        NAMES.put("learnOneAdagrad", "logistic learnOne (AdaGrad)");
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args.length > 0 ? args[0] : "bench/results/kernels.json");
        Path out = Path.of(args.length > 1 ? args[1] : "bench/results/kernels.png");
        JsonNode root = new ObjectMapper().readTree(in.toFile());

        // benchmark -> d -> kernels -> ops/s
        Map<String, Map<Integer, Map<String, Double>>> scores = new LinkedHashMap<>();
        Map<String, Map<Integer, Map<String, Double>>> errors = new LinkedHashMap<>();
        TreeSet<Integer> dims = new TreeSet<>();
        for (JsonNode run : root) {
            String full = run.get("benchmark").asText();
            String bench = full.substring(full.lastIndexOf('.') + 1);
            int d = run.get("params").get("d").asInt();
            String kernels = run.get("params").get("kernels").asText();
            JsonNode metric = run.get("primaryMetric");
            scores.computeIfAbsent(bench, b -> new TreeMap<>()).computeIfAbsent(d, x -> new LinkedHashMap<>())
                    .put(kernels, metric.get("score").asDouble());
            errors.computeIfAbsent(bench, b -> new TreeMap<>()).computeIfAbsent(d, x -> new LinkedHashMap<>())
                    .put(kernels, metric.get("scoreError").asDouble());
            dims.add(d);
        }

        List<String> categories = dims.stream().map(d -> "d = " + d).toList();
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder(
                "| benchmark | d | scalar (ops/s) | vector (ops/s) | speedup |\n|---|---:|---:|---:|---:|\n");
        List<String> order = new ArrayList<>(NAMES.keySet());
        scores.keySet().stream().filter(b -> !order.contains(b)).forEach(order::add);
        for (String bench : order) {
            Map<Integer, Map<String, Double>> byDim = scores.get(bench);
            if (byDim == null) {
                continue;
            }
            List<Double> speedups = new ArrayList<>();
            for (int d : dims) {
                Map<String, Double> s = byDim.get(d);
                double speedup = s.get("vector") / s.get("scalar");
                speedups.add(speedup);
                table.append(String.format(Locale.ROOT, "| %s | %d | %s ± %s | %s ± %s | %.2f× |%n",
                        NAMES.getOrDefault(bench, bench), d,
                        human(s.get("scalar")), human(errors.get(bench).get(d).get("scalar")),
                        human(s.get("vector")), human(errors.get(bench).get(d).get("vector")), speedup));
            }
            series.put(NAMES.getOrDefault(bench, bench), speedups);
        }
        Charts.savePng(Charts.bars("Vector API speedup over scalar kernels (throughput ratio, 1 = no gain)",
                "dimension", "vector / scalar throughput", categories, series, "0.00"), out);
        System.out.print(table);
        System.out.println("wrote " + out);
    }

    /** 1234567 -> "1.23 M". */
    static String human(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
