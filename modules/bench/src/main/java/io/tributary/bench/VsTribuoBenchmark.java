package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.simd.Kernels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tributary's logistic regression against Tribuo 4.3's {@code LinearSGDTrainer} on the same instances: one pass
 * (one epoch) over N rotating-hyperplane instances (no drift, 5 % label noise), logistic loss, AdaGrad with the same
 * learning rate and epsilon, no regularisation, batch size 1, no shuffling (so both see the instances in the same
 * order), then accuracy on a held-out set drawn from the same stream after the training instances.
 *
 * <p><b>Why a plain main, not JMH.</b> The unit of work is a whole training run (100 000 updates, 50–500 ms), not a
 * small method: JMH's {@code SingleShotTime} would time the same thing, but the run also has to compute accuracies
 * and per-repetition ratios of two trainers on the very same data, which JMH's result format cannot carry. So the
 * program builds the data once, then runs W uncounted warm-up repetitions and R measured ones, each training a fresh
 * Tributary model and a fresh Tribuo model back to back (interleaved, so a burst of load on this shared box hits
 * both), and reports medians and the per-repetition ratio.
 *
 * <p><b>What is timed.</b> Tributary: {@code learnOne} over the N pre-built {@code DenseVector}s. Tribuo:
 * {@code trainer.train(dataset)} on a pre-built {@code MutableDataset}, which includes Tribuo's own conversion of
 * the examples into its {@code SparseVector}s and its provenance bookkeeping: that is what a Tribuo user pays per
 * training call. Building the Tribuo dataset ({@code ArrayExample}s and the feature map) is timed separately, and
 * so is the conversion on its own, for reference. Throughput = N × epochs / time, in instance-updates per second.
 *
 * <p><b>Not identical models.</b> Tribuo's classification SGD is multiclass only: for two classes it trains a
 * softmax over two rows of weights (2 × (d + 1) parameters, plus its loss value per example) where Tributary's
 * binary logistic regression trains one row (d + 1). The decision functions are equivalent; the work per update
 * is about twice as much in Tribuo. Tribuo computes in double, Tributary in float.
 */
public final class VsTribuoBenchmark {

    private VsTribuoBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int n = Integer.parseInt(opts.getOrDefault("n", "100000"));
        int nTest = Integer.parseInt(opts.getOrDefault("test", "20000"));
        int[] dims = Arrays.stream(opts.getOrDefault("dims", "10,100").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        double lr = Double.parseDouble(opts.getOrDefault("lr", "0.5"));
        double eps = Double.parseDouble(opts.getOrDefault("epsilon", "1e-6"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "21"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        Path out = Path.of(opts.getOrDefault("out", "bench/results"));
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "VsTribuoBenchmark");
        results.put("machine", machine());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("stream", "Hyperplane(d, seed) - River defaults: features U[0,1]^d, 5% label noise, no drift");
        config.put("trainInstances", n);
        config.put("testInstances", nTest);
        config.put("epochs", 1);
        config.put("loss", "logistic (Tributary: binary sigmoid, 1 row; Tribuo: LogMulticlass softmax, 2 rows)");
        config.put("optimizer", "AdaGrad, learning rate " + lr + ", epsilon " + eps + ", no L2, batch size 1");
        config.put("tribuo", "org.tribuo:tribuo-classification-sgd:4.3.2 LinearSGDTrainer(LogMulticlass, "
                + "AdaGrad(lr, eps), epochs 1, logging interval huge, minibatch 1, seed), setShuffle(false)");
        config.put("tributary", "Learners.create(LearnerSpec.binary(\"logistic_regression\", d, "
                + "{optimizer: adagrad, learning_rate, epsilon})), kernels " + Kernels.preferred().name());
        config.put("warmupRepetitions", warmup);
        config.put("measuredRepetitions", repeats);
        config.put("seed", seed);
        results.put("config", config);

        List<Map<String, Object>> perDim = new ArrayList<>();
        for (int d : dims) {
            perDim.add(runDimension(d, n, nTest, lr, eps, warmup, repeats, seed));
        }
        results.put("results", perDim);
        results.put("loadAverageAtEnd", firstLine("/proc/loadavg", ""));

        Files.createDirectories(out);
        Path json = out.resolve("vs-tribuo.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        Path png = out.resolve("vs-tribuo.png");
        plot(perDim, n, png);
        System.out.println("wrote " + json + " and " + png);
    }

    private static Map<String, Object> runDimension(int d, int n, int nTest, double lr, double eps, int warmup,
            int repeats, long seed) {
        Hyperplane stream = new Hyperplane(d, seed);
        LabelledInstance[] train = new LabelledInstance[n];
        LabelledInstance[] test = new LabelledInstance[nTest];
        for (int i = 0; i < n; i++) {
            train[i] = stream.next();
        }
        for (int i = 0; i < nTest; i++) {
            test[i] = stream.next();
        }
        DenseVector[] trainX = new DenseVector[n];
        int[] trainY = new int[n];
        for (int i = 0; i < n; i++) {
            trainX[i] = train[i].features();
            trainY[i] = train[i].label();
        }
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format("f%04d", j);
        }
        List<Example<Label>> tribuoTest = new ArrayList<>(nTest);
        for (LabelledInstance li : test) {
            tribuoTest.add(example(li, names));
        }

        List<Double> oursSeconds = new ArrayList<>();
        List<Double> tribuoSeconds = new ArrayList<>();
        List<Double> buildSeconds = new ArrayList<>();
        List<Double> convertSeconds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        double oursAccuracy = Double.NaN;
        double tribuoAccuracy = Double.NaN;
        for (int rep = 0; rep < warmup + repeats; rep++) {
            boolean measured = rep >= warmup;
            // Tribuo: build the dataset (timed separately), then train.
            long t0 = System.nanoTime();
            MutableDataset<Label> dataset = new MutableDataset<>(
                    new SimpleDataSourceProvenance("hyperplane-d" + d, new LabelFactory()), new LabelFactory());
            for (LabelledInstance li : train) {
                dataset.add(example(li, names));
            }
            long t1 = System.nanoTime();
            // Tribuo's own example -> SparseVector conversion, on its own (train() does this again internally).
            ImmutableFeatureMap fmap = new ImmutableFeatureMap(dataset.getFeatureMap());
            long sink = 0;
            long t2 = System.nanoTime();
            for (Example<Label> e : dataset) {
                sink += SparseVector.createSparseVector(e, fmap, true).numActiveElements();
            }
            long t3 = System.nanoTime();
            LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(lr, eps), 1,
                    Integer.MAX_VALUE, 1, seed);
            trainer.setShuffle(false);
            System.gc(); // start each timed section with an empty young generation, so neither pays for the other's garbage
            long t4 = System.nanoTime();
            LinearSGDModel tribuoModel = trainer.train(dataset);
            long t5 = System.nanoTime();

            // Tributary.
            Classifier ours = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", d,
                    Map.of("optimizer", "adagrad", "learning_rate", lr, "epsilon", eps)));
            System.gc();
            long t6 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ours.learnOne(trainX[i], trainY[i]);
            }
            long t7 = System.nanoTime();

            if (sink != (long) n * (d + 1)) {
                throw new IllegalStateException("unexpected Tribuo vector sizes: " + sink);
            }
            double oursS = (t7 - t6) / 1e9;
            double tribuoS = (t5 - t4) / 1e9;
            oursAccuracy = oursAccuracy(ours, test);
            tribuoAccuracy = tribuoAccuracy(tribuoModel, tribuoTest);
            System.out.printf("d=%d rep %d%s: ours %.1f ms (%.2f M/s, acc %.4f)  tribuo %.1f ms (%.2f M/s, acc %.4f)"
                    + "  build %.1f ms  convert %.1f ms  ratio %.2f%n", d, rep, measured ? "" : " (warm-up)",
                    oursS * 1e3, n / oursS / 1e6, oursAccuracy, tribuoS * 1e3, n / tribuoS / 1e6, tribuoAccuracy,
                    (t1 - t0) / 1e6, (t3 - t2) / 1e6, tribuoS / oursS);
            if (measured) {
                oursSeconds.add(oursS);
                tribuoSeconds.add(tribuoS);
                buildSeconds.add((t1 - t0) / 1e9);
                convertSeconds.add((t3 - t2) / 1e9);
                ratios.add(tribuoS / oursS);
            }
        }
        // Tribuo's two-row softmax started from zero keeps w1 = -w0 and moves the margin difference by twice the step
        // of one logistic row with the same AdaGrad accumulators: it is our logistic regression at twice the rate.
        Classifier twice = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", d,
                Map.of("optimizer", "adagrad", "learning_rate", 2 * lr, "epsilon", eps)));
        for (int i = 0; i < n; i++) {
            twice.learnOne(trainX[i], trainY[i]);
        }
        double twiceAccuracy = oursAccuracy(twice, test);
        System.out.printf("d=%d: Tributary at learning rate %.3g: accuracy %.4f%n", d, 2 * lr, twiceAccuracy);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("d", d);
        double oursMed = median(oursSeconds);
        double tribuoMed = median(tribuoSeconds);
        r.put("tributaryTrainSecondsMedian", oursMed);
        r.put("tributaryUpdatesPerSecond", n / oursMed);
        r.put("tribuoTrainSecondsMedian", tribuoMed);
        r.put("tribuoUpdatesPerSecond", n / tribuoMed);
        r.put("throughputRatioOursOverTribuo", tribuoMed / oursMed);
        r.put("throughputRatioPerRepetition", ratios);
        double oursMin = oursSeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double tribuoMin = tribuoSeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        r.put("tributaryUpdatesPerSecondBest", n / oursMin);
        r.put("tribuoUpdatesPerSecondBest", n / tribuoMin);
        r.put("throughputRatioBestOverBest", tribuoMin / oursMin);
        r.put("throughputRatioPerRepetitionMedian", median(ratios));
        r.put("tributaryTrainSeconds", oursSeconds);
        r.put("tribuoTrainSeconds", tribuoSeconds);
        r.put("tribuoDatasetBuildSecondsMedian", median(buildSeconds));
        r.put("tribuoDatasetBuildSeconds", buildSeconds);
        r.put("tribuoExampleToVectorSecondsMedian", median(convertSeconds));
        r.put("tribuoExampleToVectorNote", "Tribuo's SparseVector.createSparseVector over the training set, timed "
                + "on its own; train() does the same conversion internally, so it is part of tribuoTrainSeconds");
        r.put("tributaryTestAccuracy", oursAccuracy);
        r.put("tribuoTestAccuracy", tribuoAccuracy);
        r.put("tributaryTestAccuracyAtTwiceTheRate", twiceAccuracy);
        r.put("twiceTheRateNote", "Tribuo's 2-class softmax (two weight rows from zero, w1 = -w0) is the binary logistic "
                + "model at twice the learning rate; accuracy only, not timed (throughput does not depend on the rate)");
        return r;
    }

    private static ArrayExample<Label> example(LabelledInstance li, String[] names) {
        float[] x = li.x();
        double[] values = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            values[j] = x[j];
        }
        return new ArrayExample<>(new Label(Integer.toString(li.label())), names, values);
    }

    private static double oursAccuracy(Classifier model, LabelledInstance[] test) {
        int correct = 0;
        for (LabelledInstance li : test) {
            if (model.predictOne(li.features()) == li.label()) {
                correct++;
            }
        }
        return (double) correct / test.length;
    }

    private static double tribuoAccuracy(LinearSGDModel model, List<Example<Label>> test) {
        List<Prediction<Label>> predictions = model.predict(test);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (predictions.get(i).getOutput().getLabel().equals(test.get(i).getOutput().getLabel())) {
                correct++;
            }
        }
        return (double) correct / test.size();
    }

    private static void plot(List<Map<String, Object>> perDim, int n, Path png) throws IOException {
        List<String> categories = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> tribuo = new ArrayList<>();
        List<Double> oursAcc = new ArrayList<>();
        List<Double> tribuoAcc = new ArrayList<>();
        List<Double> twiceAcc = new ArrayList<>();
        for (Map<String, Object> r : perDim) {
            categories.add(String.format("d = %d (ours/Tribuo %.1fx)", (Integer) r.get("d"),
                    (Double) r.get("throughputRatioOursOverTribuo")));
            ours.add((Double) r.get("tributaryUpdatesPerSecond") / 1e6);
            tribuo.add((Double) r.get("tribuoUpdatesPerSecond") / 1e6);
            oursAcc.add((Double) r.get("tributaryTestAccuracy") * 100);
            tribuoAcc.add((Double) r.get("tribuoTestAccuracy") * 100);
            twiceAcc.add((Double) r.get("tributaryTestAccuracyAtTwiceTheRate") * 100);
        }
        Map<String, List<? extends Number>> tp = new LinkedHashMap<>();
        tp.put("Tributary (logistic, AdaGrad)", ours);
        tp.put("Tribuo 4.3.2 LinearSGDTrainer", tribuo);
        CategoryChart left = Charts.bars("Training throughput, 1 epoch over " + n + " hyperplane instances",
                "", "million instance-updates / s (median)", categories, tp, "#,##0.00");
        left.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        Map<String, List<? extends Number>> acc = new LinkedHashMap<>();
        acc.put("Tributary", oursAcc);
        acc.put("Tribuo", tribuoAcc);
        acc.put("Tributary at 2x the rate (= Tribuo's 2-row softmax)", twiceAcc);
        List<String> accCategories = new ArrayList<>();
        for (Map<String, Object> r : perDim) {
            accCategories.add("d = " + r.get("d"));
        }
        CategoryChart right = Charts.bars("Held-out accuracy (20 000 instances, 5 % label noise)", "",
                "accuracy (%)", accCategories, acc, "0.00");
        right.getStyler().setYAxisMin(50.0);
        right.getStyler().setYAxisMax(100.0);
        right.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        BufferedImage a = BitmapEncoder.getBufferedImage(left);
        BufferedImage b = BitmapEncoder.getBufferedImage(right);
        BufferedImage both = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(both, "png", png.toFile());
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstLine("/proc/cpuinfo", "model name"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("vectorKernels", Kernels.preferred().name());
        m.put("loadAverageAtStart", firstLine("/proc/loadavg", ""));
        m.put("note", "shared 2-core box: other builds ran concurrently; read ratios within one run");
        return m;
    }

    private static String firstLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.contains(":") ? l.substring(l.indexOf(':') + 1).trim() : l.trim()).findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
