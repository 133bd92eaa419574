package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.SparseVector;
import io.tributary.learn.datasets.GaussianBlobs;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.LinearTarget;
import io.tributary.learn.ftrl.FtrlModel;
import io.tributary.learn.hashing.MurmurHash3;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.learn.snapshot.QuantizedCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler;

/**
 * What the int8 serving snapshot ({@link QuantizedCodec}) costs in accuracy, against what it saves in bytes. For each
 * learner and dimension: train on N seeded instances, snapshot the model both ways ({@link LearnerCodec}, float, and
 * {@link QuantizedCodec}, int8), decode the int8 snapshot, and evaluate the float model and the decoded int8 model on
 * the same M held-out instances of the stream: accuracy, log loss and class agreement for classifiers; RMSE and the
 * mean absolute difference of the predictions for regression. Also the largest weight error in units of its row's
 * scale (the codec promises at most 0.5).
 *
 * <p>Cases (d = 10, 100, 1000 each):
 * <ul>
 *   <li>logistic regression on {@link Hyperplane} (River's defaults, 5 % label noise): SGD at learning rate
 *       {@code 1 / d} (the squared norm of x is about d / 3, so a fixed rate that suits d = 10 diverges at
 *       d = 1000), and AdaGrad at 1.0;</li>
 *   <li>softmax regression (AdaGrad) on {@link GaussianBlobs}, 5 classes, centres in {@code [-1, 1]^d} and noise
 *       {@code 0.25 sqrt(d)} so that the classes overlap about equally at every d (not separable);</li>
 *   <li>linear regression (AdaGrad) on {@link LinearTarget}, noise 0.1;</li>
 *   <li>FTRL-Proximal on click-like events (10 categorical fields, 20 numeric) hashed with signed MurmurHash3 into d
 *       buckets (FeatureHasher only does powers of two, so the benchmark hashes itself, the same way).</li>
 * </ul>
 * A plain main: the numbers are accuracies and byte counts, not timings, and are deterministic given the seed.
 */
public final class QuantizationBenchmark {

    private QuantizationBenchmark() {}

    /** A labelled instance: features and either a class or a regression target. */
    private record Example(FeatureVector x, int label, double y) {}

    /** One learner on one stream. */
    private record Case(String name, String learner, String data, IntFunction<OnlineLearner> model,
            CaseStream stream) {}

    @FunctionalInterface
    private interface CaseStream {
        /** A fresh stream of dimension d: successive calls of the returned supplier give the next example. */
        Supplier<Example> open(int d, long seed);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = VsTribuoBenchmark.parse(args);
        int[] dims = Arrays.stream(opts.getOrDefault("dims", "10,100,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int nTrain = Integer.parseInt(opts.getOrDefault("train", "100000"));
        int nTest = Integer.parseInt(opts.getOrDefault("test", "20000"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        Path out = Path.of(opts.getOrDefault("out", "bench/results"));
        String name = opts.getOrDefault("name", "quantization");

        List<Case> cases = List.of(
                new Case("logistic SGD", "logistic_regression {optimizer: sgd, learning_rate: 1 / d}",
                        "Hyperplane(d, seed): x ~ U[0,1]^d, 5% label noise",
                        d -> Learners.create(LearnerSpec.binary("logistic_regression", d,
                                Map.of("optimizer", "sgd", "learning_rate", 1.0 / d))),
                        QuantizationBenchmark::hyperplane),
                new Case("logistic AdaGrad", "logistic_regression {optimizer: adagrad, learning_rate: 1.0}",
                        "Hyperplane(d, seed): x ~ U[0,1]^d, 5% label noise",
                        d -> Learners.create(LearnerSpec.binary("logistic_regression", d,
                                Map.of("optimizer", "adagrad", "learning_rate", 1.0))),
                        QuantizationBenchmark::hyperplane),
                new Case("softmax AdaGrad", "softmax_regression, 5 classes {optimizer: adagrad, learning_rate: 0.05}",
                        "GaussianBlobs(d, 5 classes, spread 1, std 0.25 sqrt(d))",
                        d -> Learners.create(LearnerSpec.multiclass("softmax_regression", d, 5,
                                Map.of("optimizer", "adagrad", "learning_rate", 0.05))),
                        QuantizationBenchmark::blobs),
                new Case("linear AdaGrad", "linear_regression {optimizer: adagrad, learning_rate: 0.2}",
                        "LinearTarget(d, noise 0.1): x ~ U[-1,1]^d, w, b ~ U[-1,1]",
                        d -> Learners.create(LearnerSpec.regression("linear_regression", d,
                                Map.of("optimizer", "adagrad", "learning_rate", 0.2))),
                        QuantizationBenchmark::linearTarget),
                new Case("FTRL hashed", "ftrl {alpha: 0.1, l1: 1.0} (beta 1, l2 1)",
                        "click-like events, 10 categorical + 20 numeric fields, signed MurmurHash3 into d buckets",
                        d -> Learners.create(LearnerSpec.binary("ftrl", d, Map.of("alpha", 0.1, "l1", 1.0))),
                        QuantizationBenchmark::clicks));

        List<Map<String, Object>> rows = new ArrayList<>();
        for (Case c : cases) {
            for (int d : dims) {
                rows.add(run(c, d, nTrain, nTest, seed));
            }
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "QuantizationBenchmark");
        results.put("machine", VsTribuoBenchmark.machine());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("trainInstances", nTrain);
        config.put("heldOutInstances", nTest + " (the next instances of the same stream)");
        config.put("seed", seed);
        config.put("floatSnapshot", "LearnerCodec.encode (TRBL v1/v2: float weights plus optimizer state)");
        config.put("int8Snapshot", "QuantizedCodec.encode (TRBQ v1: per-row symmetric int8, optimizer state dropped)");
        config.put("cases", cases.stream().map(c -> Map.of("case", c.name(), "learner", c.learner(),
                "data", c.data())).toList());
        results.put("config", config);
        results.put("results", rows);
        Files.createDirectories(out);
        Path json = out.resolve(name + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        System.out.println("wrote " + json);
        printTable(rows);
        plot(rows, out.resolve(name + ".png"));
    }

    private static Map<String, Object> run(Case c, int d, int nTrain, int nTest, long seed) {
        Supplier<Example> stream = c.stream().open(d, seed);
        OnlineLearner model = c.model().apply(d);
        for (int i = 0; i < nTrain; i++) {
            Example e = stream.get();
            switch (model) {
                case Classifier cl -> cl.learnOne(e.x(), e.label());
                case Regressor r -> r.learnOne(e.x(), e.y());
                default -> throw new IllegalStateException();
            }
        }
        byte[] full = LearnerCodec.encode(model);
        byte[] int8 = QuantizedCodec.encode(model);
        OnlineLearner quantised = LearnerCodec.decode(int8);

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", c.name());
        row.put("d", d);
        row.put("floatBytes", full.length);
        row.put("int8Bytes", int8.length);
        row.put("int8OverFloat", (double) int8.length / full.length);
        row.put("maxWeightErrorInScales", maxWeightErrorInScales(model, quantised));
        if (model instanceof Classifier a) {
            Classifier b = (Classifier) quantised;
            int correctA = 0;
            int correctB = 0;
            int agree = 0;
            double lossA = 0;
            double lossB = 0;
            double maxProbaDiff = 0;
            for (int i = 0; i < nTest; i++) {
                Example e = stream.get();
                float[] pa = a.predictProbaOne(e.x());
                float[] pb = b.predictProbaOne(e.x());
                int ka = argmax(pa);
                int kb = argmax(pb);
                correctA += ka == e.label() ? 1 : 0;
                correctB += kb == e.label() ? 1 : 0;
                agree += ka == kb ? 1 : 0;
                lossA -= Math.log(Math.max(pa[e.label()], 1e-15));
                lossB -= Math.log(Math.max(pb[e.label()], 1e-15));
                for (int k = 0; k < pa.length; k++) {
                    maxProbaDiff = Math.max(maxProbaDiff, Math.abs(pa[k] - pb[k]));
                }
            }
            row.put("accuracyFloat", (double) correctA / nTest);
            row.put("accuracyInt8", (double) correctB / nTest);
            row.put("logLossFloat", lossA / nTest);
            row.put("logLossInt8", lossB / nTest);
            row.put("classAgreement", (double) agree / nTest);
            row.put("maxProbabilityDifference", maxProbaDiff);
        } else {
            Regressor a = (Regressor) model;
            Regressor b = (Regressor) quantised;
            double seA = 0;
            double seB = 0;
            double absDiff = 0;
            for (int i = 0; i < nTest; i++) {
                Example e = stream.get();
                double ya = a.predictOne(e.x());
                double yb = b.predictOne(e.x());
                seA += (ya - e.y()) * (ya - e.y());
                seB += (yb - e.y()) * (yb - e.y());
                absDiff += Math.abs(ya - yb);
            }
            row.put("rmseFloat", Math.sqrt(seA / nTest));
            row.put("rmseInt8", Math.sqrt(seB / nTest));
            row.put("meanAbsPredictionDifference", absDiff / nTest);
            // An independent check of the RMSE cost: with x ~ U[-1, 1]^d (E x_i = 0, E x_i^2 = 1/3, independent) the
            // weight errors dw add sum(dw_i^2) / 3 to the mean squared error, up to the cross term with the float
            // model's own error (which is small when that is mostly noise).
            float[] wa = ((LinearModel) model).state().weights()[0];
            float[] wb = ((LinearModel) quantised).state().weights()[0];
            double sum = 0;
            for (int i = 0; i < wa.length; i++) {
                sum += (double) (wa[i] - wb[i]) * (wa[i] - wb[i]);
            }
            row.put("rmseInt8PredictedFromWeightErrors", Math.sqrt(seA / nTest + sum / 3));
        }
        System.out.println(row);
        return row;
    }

    /** The largest |w - w_int8| / s over all weights, s = max|w| / 127 of the weight's row (at most 0.5). */
    private static double maxWeightErrorInScales(OnlineLearner a, OnlineLearner b) {
        float[][] wa;
        float[][] wb;
        switch (a) {
            case LinearModel la -> {
                wa = la.state().weights();
                wb = ((LinearModel) b).state().weights();
            }
            case FtrlModel fa -> {
                wa = new float[][] {fa.weights()};
                wb = new float[][] {((FtrlModel) b).weights()};
            }
            default -> throw new IllegalStateException();
        }
        double worst = 0;
        for (int r = 0; r < wa.length; r++) {
            double max = 0;
            for (float w : wa[r]) {
                max = Math.max(max, Math.abs(w));
            }
            if (max == 0) {
                continue;
            }
            double scale = max / 127;
            for (int i = 0; i < wa[r].length; i++) {
                worst = Math.max(worst, Math.abs(wa[r][i] - wb[r][i]) / scale);
            }
        }
        return worst;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    // ----- streams -----

    private static Supplier<Example> hyperplane(int d, long seed) {
        Hyperplane h = new Hyperplane(d, seed);
        return () -> {
            LabelledInstance li = h.next();
            return new Example(li.features(), li.label(), li.y());
        };
    }

    private static Supplier<Example> blobs(int d, long seed) {
        GaussianBlobs g = new GaussianBlobs(d, 5, 1.0, 0.25 * Math.sqrt(d), new SplittableRandom(seed));
        return () -> {
            LabelledInstance li = g.next();
            return new Example(li.features(), li.label(), li.y());
        };
    }

    private static Supplier<Example> linearTarget(int d, long seed) {
        LinearTarget t = new LinearTarget(d, 0.1, seed);
        return () -> {
            LabelledInstance li = t.next();
            return new Example(li.features(), 0, li.y());
        };
    }

    private static final int[] VOCABULARY = {10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 50};

    /**
     * Click-like events as in {@code FtrlBenchmark}: 10 categorical fields ("field=value") whose values divisible by
     * 7 raise the click rate, 20 standard normal numeric fields that do not matter; label ~ Bernoulli(sigmoid(score)).
     * Hashed with signed MurmurHash3 ({@code index = (h & 0x7fffffff) mod d}, {@code sign = h >= 0 ? 1 : -1}, as
     * FeatureHasher does for powers of two), colliding coordinates added.
     */
    private static Supplier<Example> clicks(int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> {
            TreeMap<Integer, Float> coordinates = new TreeMap<>();
            double score = -1;
            for (int f = 0; f < VOCABULARY.length; f++) {
                int v = random.nextInt(VOCABULARY[f]);
                add(coordinates, d, "field" + f + "=v" + v, 1f);
                score += v % 7 == 0 ? 0.8 : 0;
            }
            for (int f = 0; f < 20; f++) {
                add(coordinates, d, "num" + f, (float) random.nextGaussian());
            }
            int label = random.nextDouble() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
            coordinates.values().removeIf(v -> v == 0f);
            int[] idx = new int[coordinates.size()];
            float[] val = new float[coordinates.size()];
            int k = 0;
            for (Map.Entry<Integer, Float> e : coordinates.entrySet()) {
                idx[k] = e.getKey();
                val[k] = e.getValue();
                k++;
            }
            return new Example(new SparseVector(d, idx, val), label, label);
        };
    }

    private static void add(TreeMap<Integer, Float> coordinates, int d, String name, float value) {
        int h = MurmurHash3.hash32(name, 0);
        int index = (h & 0x7fffffff) % d;
        coordinates.merge(index, h >= 0 ? value : -value, Float::sum);
    }

    // ----- output -----

    private static void printTable(List<Map<String, Object>> rows) {
        System.out.println();
        System.out.println("| case | d | float bytes | int8 bytes | int8 / float | accuracy float → int8 | log loss float → int8"
                + " | agreement | RMSE float → int8 | max weight error (scales) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map<String, Object> r : rows) {
            boolean cls = r.containsKey("accuracyFloat");
            System.out.printf("| %s | %d | %,d | %,d | %.3f | %s | %s | %s | %s | %.3f |%n", r.get("case"), r.get("d"),
                    r.get("floatBytes"), r.get("int8Bytes"), r.get("int8OverFloat"),
                    cls ? String.format("%.4f → %.4f", r.get("accuracyFloat"), r.get("accuracyInt8")) : "–",
                    cls ? String.format("%.4f → %.4f", r.get("logLossFloat"), r.get("logLossInt8")) : "–",
                    cls ? String.format("%.2f %%", 100 * (Double) r.get("classAgreement")) : "–",
                    cls ? "–" : String.format("%.4f → %.4f (predicted %.4f)", r.get("rmseFloat"), r.get("rmseInt8"),
                            r.get("rmseInt8PredictedFromWeightErrors")),
                    r.get("maxWeightErrorInScales"));
        }
    }

    private static void plot(List<Map<String, Object>> rows, Path png) throws IOException {
        List<String> categories = new ArrayList<>();
        List<Double> size = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            categories.add(r.get("case") + ", d=" + r.get("d"));
            size.add(100 * (Double) r.get("int8OverFloat"));
            kept.add(r.containsKey("classAgreement") ? 100 * (Double) r.get("classAgreement")
                    : 100 * (Double) r.get("rmseFloat") / (Double) r.get("rmseInt8"));
        }
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("int8 snapshot size, % of the float snapshot", size);
        series.put("held out: class agreement with the float model, % (regression: RMSE float / RMSE int8, %)", kept);
        CategoryChart chart = Charts.bars("int8 serving snapshots: size and agreement with the float model",
                "learner, dimension", "%", categories, series, "0.#");
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisMax(120.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        Charts.savePng(chart, png);
    }
}
