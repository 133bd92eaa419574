package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link FtrlBenchmark}'s JMH JSON into a chart of microseconds per event for each step, and a Markdown table
 * on stdout. Throughput results are converted to time per operation so that every bar has the same unit.
 *
 * <p>{@code java -cp modules/bench/target/tributary-bench.jar io.tributary.bench.PlotFtrl bench/results/ftrl.json bench/results/ftrl.png}
 */
public final class PlotFtrl {

    private PlotFtrl() {}

    public static void main(String[] args) throws Exception {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        List<String> names = new ArrayList<>();
        List<Double> micros = new ArrayList<>();
        System.out.println("| step | µs per event | events/s |\n|---|---:|---:|");
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText().replaceAll(".*\\.", "");
            double score = r.get("primaryMetric").get("score").asDouble();
            double us = r.get("mode").asText().equals("thrpt") ? 1e6 / score : score; // avgt is already in µs
            names.add(name);
            micros.add(us);
            System.out.printf("| %s | %.3f | %,.0f |%n", name, us, 1e6 / us);
        }
        Charts.savePng(Charts.bars("FTRL on 2^20 hashed features, 30 active: µs per event", "step", "microseconds",
                names, Map.of("µs per event", micros), "#,##0.00"), Path.of(args[1]));
        System.out.println("wrote " + args[1]);
    }
}
