package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the JMH JSON of {@link ForecastBenchmark} and charts it: {@code forecast-latency.png} (one forecast and a
 * batch of 256, microseconds) and {@code forecast-training.png} (points per second); prints a Markdown table.
 *
 * <pre>
 * java -cp modules/bench/target/tributary-bench.jar io.tributary.bench.PlotForecast \
 *     bench/results/forecast.json bench/results
 * </pre>
 */
public final class PlotForecast {

    private PlotForecast() {}

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args.length > 0 ? args[0] : "bench/results/forecast.json");
        Path outDir = Path.of(args.length > 1 ? args[1] : "bench/results");
        JsonNode root = new ObjectMapper().readTree(in.toFile());
        // benchmark -> algorithm -> {score, error}
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        List<String> algorithms = new ArrayList<>();
        for (JsonNode run : root) {
            String full = run.get("benchmark").asText();
            String bench = full.substring(full.lastIndexOf('.') + 1);
            String algorithm = run.get("params").get("algorithm").asText();
            if (!algorithms.contains(algorithm)) {
                algorithms.add(algorithm);
            }
            JsonNode metric = run.get("primaryMetric");
            scores.computeIfAbsent(bench, b -> new LinkedHashMap<>()).put(algorithm,
                    new double[] {metric.get("score").asDouble(), metric.get("scoreError").asDouble()});
        }
        Map<String, List<? extends Number>> latency = new LinkedHashMap<>();
        latency.put("one forecast (µs)", algorithms.stream().map(a -> scores.get("forecastOne").get(a)[0]).toList());
        latency.put("batch of 256 (µs)",
                algorithms.stream().map(a -> scores.get("forecastBatch256").get(a)[0]).toList());
        Charts.savePng(Charts.bars("Forecast latency, warm (input 96, horizon 24)", "forecaster", "microseconds",
                algorithms, latency, "#,##0.00"), outDir.resolve("forecast-latency.png"));
        Map<String, List<? extends Number>> training = new LinkedHashMap<>();
        training.put("learnOne (K points/s)",
                algorithms.stream().map(a -> scores.get("learnOne").get(a)[0] / 1000).toList());
        Charts.savePng(Charts.bars("Online training throughput (one Adam step per point)", "forecaster",
                "thousand points per second", algorithms, training, "#,##0.0"), outDir.resolve("forecast-training.png"));

        System.out.println("| forecaster | one forecast (µs) | batch of 256 (µs) | per window in the batch (µs) |"
                + " training (K points/s) |");
        System.out.println("|---|---|---|---|---|");
        for (String a : algorithms) {
            double[] one = scores.get("forecastOne").get(a);
            double[] batch = scores.get("forecastBatch256").get(a);
            double[] learn = scores.get("learnOne").get(a);
            System.out.println(String.format(Locale.ROOT, "| %s | %.3f ± %.3f | %.1f ± %.1f | %.3f | %.0f ± %.0f |", a,
                    one[0], one[1], batch[0], batch[1], batch[0] / 256, learn[0] / 1000, learn[1] / 1000));
        }
    }
}
