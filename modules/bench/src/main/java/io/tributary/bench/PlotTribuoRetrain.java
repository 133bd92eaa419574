package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.tribuo.TribuoClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;

/**
 * Turns {@link TribuoRetrainBenchmark}'s JMH JSON into a chart (ms per retrain, per trainer and window, log scale) and
 * a Markdown table on stdout, with the ratios within the run (8000 vs 500 events; serialisation's share) and the
 * sizes of the model protobuf and of the learner snapshot, which it measures itself (sizes, not times). Writes the
 * summary next to the chart as {@code tribuo-retrain-summary.json}.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp modules/bench/target/tributary-bench.jar
 * io.tributary.bench.PlotTribuoRetrain bench/results/tribuo-retrain.json bench/results/tribuo-retrain.png}
 */
public final class PlotTribuoRetrain {

    private static final List<String> TRAINERS = List.of("linear_sgd", "logistic_regression", "cart",
            "random_forest", "xgboost");

    private PlotTribuoRetrain() {}

    public static void main(String[] args) throws Exception {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        // benchmark -> trainer -> window -> [score, error]
        Map<String, Map<String, TreeMap<Integer, double[]>>> scores = new TreeMap<>();
        for (JsonNode r : results) {
            String bench = r.get("benchmark").asText().replaceAll(".*\\.", "");
            String trainer = r.get("params").get("trainer").asText();
            int window = r.get("params").get("window").asInt();
            JsonNode m = r.get("primaryMetric");
            scores.computeIfAbsent(bench, k -> new LinkedHashMap<>()).computeIfAbsent(trainer, k -> new TreeMap<>())
                    .put(window, new double[] {m.get("score").asDouble(), m.get("scoreError").asDouble()});
        }
        Map<String, TreeMap<Integer, double[]>> retrain = scores.get("retrain");
        Map<String, TreeMap<Integer, double[]>> serialize = scores.getOrDefault("serialize", Map.of());
        List<Integer> windows = new ArrayList<>(retrain.values().iterator().next().keySet());

        StringBuilder table = new StringBuilder("| trainer | window | retrain (ms) | of which serialise (ms) | "
                + "model protobuf | learner snapshot |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (String trainer : TRAINERS) {
            if (retrain.containsKey(trainer)) {
                categories.add(trainer);
            }
        }
        for (int w : windows) {
            List<Double> values = new ArrayList<>();
            for (String trainer : categories) {
                values.add(retrain.get(trainer).get(w)[0]);
            }
            series.put(w + " events", values);
        }
        for (String trainer : categories) {
            for (int w : windows) {
                double[] r = retrain.get(trainer).get(w);
                double[] s = serialize.getOrDefault(trainer, new TreeMap<>()).get(w);
                long[] sizes = sizes(trainer, w);
                table.append(String.format("| %s | %d | %.2f ± %.2f | %s | %s | %s |%n", trainer, w, r[0], r[1],
                        s == null ? "—" : String.format("%.2f (%.0f %%)", s[0], 100 * s[0] / r[0]),
                        bytes(sizes[0]), bytes(sizes[1])));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("trainer", trainer);
                row.put("window", w);
                row.put("retrainMs", r[0]);
                row.put("retrainMsError", r[1]);
                if (s != null) {
                    row.put("serializeMs", s[0]);
                    row.put("serializeShare", s[0] / r[0]);
                }
                row.put("modelProtobufBytes", sizes[0]);
                row.put("learnerSnapshotBytes", sizes[1]);
                rows.add(row);
            }
        }
        StringBuilder ratios = new StringBuilder("| trainer | 2000 / 500 | 8000 / 500 | 8000 events vs linear_sgd |\n"
                + "|---|---:|---:|---:|\n");
        int first = windows.getFirst();
        int last = windows.getLast();
        for (String trainer : categories) {
            TreeMap<Integer, double[]> t = retrain.get(trainer);
            ratios.append(String.format("| %s | %.1f× | %.1f× | %.1f× |%n", trainer,
                    t.get(windows.get(1))[0] / t.get(first)[0], t.get(last)[0] / t.get(first)[0],
                    t.get(last)[0] / retrain.get("linear_sgd").get(last)[0]));
        }
        System.out.println(table);
        System.out.println(ratios);

        CategoryChart chart = Charts.bars("tributary-tribuo: one retrain (copy, convert, train, serialise), "
                + "hyperplane d = 10", "trainer (module defaults)", "milliseconds per retrain (log scale)",
                categories, series, "#,##0.0");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.5);
        Path png = Path.of(args[1]);
        Charts.savePng(chart, png);
        Path summary = png.resolveSibling("tribuo-retrain-summary.json");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", args[0]);
        out.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summary.toFile(), out);
        System.out.println("wrote " + png + " and " + summary);
    }

    /** The trained model's protobuf size and the whole learner's snapshot size, for one configuration. */
    private static long[] sizes(String trainer, int window) {
        TribuoClassifier c = TribuoRetrainBenchmark.learner(trainer, window);
        for (LabelledInstance li : TribuoRetrainBenchmark.stream(window)) {
            c.learnOne(li.features(), li.label());
        }
        return new long[] {c.currentModelProtobuf().orElseThrow().length, LearnerCodec.encode(c).length};
    }

    private static String bytes(long n) {
        return n >= 1 << 20 ? String.format("%.1f MiB", n / 1048576.0)
                : n >= 1 << 10 ? String.format("%.0f KiB", n / 1024.0) : n + " B";
    }
}
