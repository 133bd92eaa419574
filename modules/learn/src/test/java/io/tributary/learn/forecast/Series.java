package io.tributary.learn.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A classic series from src/test/resources/series (columns {@code year,period,value}; see its README). */
record Series(String name, int period, double[] values) {

    static Series load(String file, int period) {
        try (InputStream in = Series.class.getResourceAsStream("/series/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /series/" + file);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (!header.equals("year,period,value")) {
                throw new IllegalStateException(file + ": unexpected header " + header);
            }
            List<Double> values = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    values.add(Double.parseDouble(line.split(",")[2].trim()));
                }
            }
            return new Series(file.replace(".csv", ""), period,
                    values.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
