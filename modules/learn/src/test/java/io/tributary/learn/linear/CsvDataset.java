package io.tributary.learn.linear;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A classification table in scikit-learn's bundled-CSV layout (src/test/resources/datasets): a header line
 * {@code n_samples,n_features,class_name_0,class_name_1,...}, then one line per sample with the features and the
 * integer class last.
 */
record CsvDataset(String name, double[][] x, int[] y, List<String> classes) {

    static CsvDataset load(String resource) {
        try (InputStream in = CsvDataset.class.getResourceAsStream("/datasets/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /datasets/" + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = reader.readLine().split(",");
            int n = Integer.parseInt(header[0].trim());
            int d = Integer.parseInt(header[1].trim());
            List<String> classes = List.of(header).subList(2, header.length);
            double[][] x = new double[n][d];
            int[] y = new int[n];
            int row = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length != d + 1) {
                    throw new IllegalStateException(resource + " line " + (row + 2) + ": " + cells.length
                            + " cells, expected " + (d + 1));
                }
                for (int j = 0; j < d; j++) {
                    x[row][j] = Double.parseDouble(cells[j].trim());
                }
                y[row] = Integer.parseInt(cells[d].trim());
                if (y[row] < 0 || y[row] >= classes.size()) {
                    throw new IllegalStateException(resource + " line " + (row + 2) + ": class " + y[row]);
                }
                row++;
            }
            if (row != n) {
                throw new IllegalStateException(resource + ": header says " + n + " rows, found " + row);
            }
            return new CsvDataset(resource, x, y, new ArrayList<>(classes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return y.length;
    }

    int dimension() {
        return x[0].length;
    }

    int numClasses() {
        return classes.size();
    }

    /** A seeded Fisher-Yates permutation of {@code 0..n-1}. */
    static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
