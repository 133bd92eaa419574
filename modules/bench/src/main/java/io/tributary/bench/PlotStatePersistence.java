package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;

/**
 * Turns {@link StatePersistenceBenchmark}'s JMH JSON into a chart (log scale: the two designs differ by four orders of
 * magnitude on the sparse model) and a Markdown table with the per-record cost of each design and their ratio.
 *
 * <p>{@code java -cp modules/bench/target/tributary-bench.jar io.tributary.bench.PlotStatePersistence
 * bench/results/state-persistence.json bench/results/state-persistence.png}
 */
public final class PlotStatePersistence {

    private PlotStatePersistence() {}

    public static void main(String[] args) throws Exception {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, Map<String, Double>> byModel = new LinkedHashMap<>(); // model -> benchmark -> µs
        for (JsonNode r : results) {
            String bench = r.get("benchmark").asText().replaceAll(".*\\.", "");
            String model = r.get("params").get("model").asText();
            byModel.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(bench, r.get("primaryMetric").get("score").asDouble());
        }
        List<String> models = List.copyOf(byModel.keySet());
        List<String> steps = List.of("learn", "learnThenMarkDirty", "learnThenEncode", "encodeAtCommit");
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        Map<String, String> labels = Map.of("learn", "learn only", "learnThenMarkDirty", "learn + mark dirty (now)",
                "learnThenEncode", "learn + encode every record (before)", "encodeAtCommit", "encode, once per commit");
        for (String step : steps) {
            series.put(labels.get(step), models.stream().map(m -> byModel.get(m).get(step)).toList());
        }
        System.out.println("| model | learn only (µs) | per record, snapshot per commit (µs) | per record, snapshot per record (µs) | "
                + "ratio | encode per commit (µs) |\n|---|---:|---:|---:|---:|---:|");
        for (String m : models) {
            Map<String, Double> b = byModel.get(m);
            System.out.printf("| %s | %.3f | %.3f | %.3f | %,.1f× | %,.1f |%n", m, b.get("learn"), b.get("learnThenMarkDirty"),
                    b.get("learnThenEncode"), b.get("learnThenEncode") / b.get("learnThenMarkDirty"), b.get("encodeAtCommit"));
        }
        CategoryChart chart = Charts.bars("State persistence: µs per labelled record, and per commit (log scale)", "model", "microseconds",
                models, series, "#,##0.###");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.01);
        Charts.savePng(chart, Path.of(args[1]));
        System.out.println("wrote " + args[1]);
    }
}
