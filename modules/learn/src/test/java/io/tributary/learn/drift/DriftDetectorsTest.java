package io.tributary.learn.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Change points at a known position and long stationary streams, over fixed seeds. The measured delays and
 * false-alarm rates are printed (target/surefire-reports/*-output.txt) and quoted in the README.
 */
class DriftDetectorsTest {

    private static final int CHANGE = 5000;
    private static final int LENGTH = 10_000;
    private static final int SEEDS = 20;
    private static final int STATIONARY = 100_000;
    private static final int STATIONARY_RUNS = 5;

    /** Bernoulli errors 0.1 before the change, 0.5 after; Gaussian N(0, 1) before, N(1, 1) after. */
    private enum Kind {
        BERNOULLI, GAUSSIAN;

        double draw(SplittableRandom r, boolean after) {
            return switch (this) {
                case BERNOULLI -> r.nextDouble() < (after ? 0.5 : 0.1) ? 1.0 : 0.0;
                case GAUSSIAN -> (after ? 1.0 : 0.0) + r.nextGaussian();
            };
        }
    }

    /** Delays (values after the change, the detecting one included) and alarms raised before the change. */
    private record ChangeTrial(int[] delays, int alarmsBefore) {
        int max() {
            return Arrays.stream(delays).max().orElseThrow();
        }

        int min() {
            return Arrays.stream(delays).min().orElseThrow();
        }

        double mean() {
            return Arrays.stream(delays).average().orElseThrow();
        }

        int percentile(double q) {
            int[] s = delays.clone();
            Arrays.sort(s);
            return s[(int) Math.ceil(q * s.length) - 1];
        }
    }

    private static ChangeTrial changeTrial(String label, Supplier<DriftDetector> factory, Kind kind) {
        int[] delays = new int[SEEDS];
        int before = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            DriftDetector d = factory.get();
            int delay = -1;
            for (int t = 0; t < LENGTH && delay < 0; t++) {
                boolean drift = d.update(kind.draw(r, t >= CHANGE));
                assertEquals(drift, d.driftDetected());
                if (drift && t < CHANGE) {
                    before++;
                } else if (drift) {
                    delay = t - CHANGE + 1;
                }
            }
            assertTrue(delay > 0, label + ": seed " + seed + " never detected the change");
            delays[seed - 1] = delay;
        }
        ChangeTrial trial = new ChangeTrial(delays, before);
        System.out.printf(Locale.ROOT, "%-40s %-9s delay min/mean/p90/max %d/%.1f/%d/%d over %d seeds; "
                        + "alarms before the change: %d in %d values%n", label, kind, trial.min(), trial.mean(),
                trial.percentile(0.9), trial.max(), SEEDS, before, SEEDS * CHANGE);
        return trial;
    }

    /** False alarms per 100 000 values on a stationary stream (the pre-change regime), over several runs. */
    private static double falseAlarmRate(String label, Supplier<DriftDetector> factory, Kind kind) {
        long alarms = 0;
        for (int run = 0; run < STATIONARY_RUNS; run++) {
            SplittableRandom r = new SplittableRandom(1000 + run);
            DriftDetector d = factory.get();
            for (int t = 0; t < STATIONARY; t++) {
                d.update(kind.draw(r, false));
            }
            assertEquals(STATIONARY, d.count());
            alarms += d.detections();
        }
        double rate = alarms * 100_000.0 / (STATIONARY_RUNS * (double) STATIONARY);
        System.out.printf(Locale.ROOT, "%-40s %-9s false alarms: %d in %d x %d values = %.2f per 100k%n", label, kind,
                alarms, STATIONARY_RUNS, STATIONARY, rate);
        return rate;
    }

    private static PageHinkley gaussianPageHinkley() {
        return new PageHinkley(30, 0.25, 50, 1.0, PageHinkley.Mode.BOTH);
    }

    // ---- ADWIN ----

    @Test
    void adwinDetectsAnErrorRateIncreaseQuickly() {
        ChangeTrial t = changeTrial("ADWIN delta=0.002", Adwin::new, Kind.BERNOULLI);
        assertEquals(0, t.alarmsBefore());
        assertTrue(t.max() <= 200, "max delay " + t.max());
    }

    @Test
    void adwinDetectsAGaussianMeanShiftQuickly() {
        ChangeTrial t = changeTrial("ADWIN delta=0.002", Adwin::new, Kind.GAUSSIAN);
        assertEquals(0, t.alarmsBefore());
        assertTrue(t.max() <= 200, "max delay " + t.max());
    }

    @Test
    void adwinRarelyFiresOnStationaryStreams() {
        assertTrue(falseAlarmRate("ADWIN delta=0.002", Adwin::new, Kind.BERNOULLI) <= 1.0);
        assertTrue(falseAlarmRate("ADWIN delta=0.002", Adwin::new, Kind.GAUSSIAN) <= 1.0);
    }

    @Test
    void adwinWindowHoldsExactlyTheLastWidthValues() {
        Adwin adwin = new Adwin();
        SplittableRandom r = new SplittableRandom(7);
        double[] values = new double[30_000];
        int[] detectionsPerChange = new int[3];
        for (int t = 0; t < values.length; t++) {
            double mean = t < 10_000 ? 0.2 : t < 20_000 ? 0.8 : 0.4;
            values[t] = Math.min(1, Math.max(0, mean + 0.1 * r.nextGaussian()));
            long before = adwin.width();
            adwin.update(values[t]);
            if (adwin.driftDetected()) {
                // ADWIN may cut more than once per change: the first cut can leave a bucket that straddles it.
                int sinceChange = t % 10_000;
                assertTrue(t >= 10_000 && sinceChange < 200, "detection at t=" + t);
                detectionsPerChange[t / 10_000]++;
                assertTrue(adwin.width() <= before, "a drift shrinks the window");
            } else {
                assertEquals(before + 1, adwin.width());
            }
            if (t % 97 == 0 || adwin.driftDetected()) {
                int w = (int) adwin.width();
                double sum = 0;
                for (int i = t + 1 - w; i <= t; i++) {
                    sum += values[i];
                }
                double m = sum / w;
                double ss = 0;
                for (int i = t + 1 - w; i <= t; i++) {
                    ss += (values[i] - m) * (values[i] - m);
                }
                assertEquals(m, adwin.mean(), 1e-9, "window mean at t=" + t);
                assertEquals(ss / w, adwin.variance(), 1e-9, "window variance at t=" + t);
            }
        }
        assertEquals(0, detectionsPerChange[0]);
        assertTrue(detectionsPerChange[1] >= 1 && detectionsPerChange[2] >= 1, Arrays.toString(detectionsPerChange));
        // After the last change the window holds the values since then (their mean is 0.4).
        assertTrue(adwin.width() <= 10_000, "width " + adwin.width());
        assertEquals(0.4, adwin.mean(), 0.01);
    }

    @Test
    void adwinMemoryIsLogarithmicInTheWindow() {
        Adwin adwin = new Adwin();
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 200_000; t++) {
            adwin.update(r.nextDouble() < 0.3 ? 1 : 0);
            if (t == 999 || t == 9_999 || t == 199_999) {
                long w = adwin.width();
                int log2 = 63 - Long.numberOfLeadingZeros(w);
                assertTrue(adwin.buckets() <= adwin.maxBuckets() * (log2 + 1),
                        adwin.buckets() + " buckets for a window of " + w);
                System.out.printf(Locale.ROOT, "ADWIN window %d values in %d buckets%n", w, adwin.buckets());
            }
        }
        assertEquals(200_000, adwin.width(), "no false alarm on this seed, so the window is everything");
    }

    // ---- Page-Hinkley ----

    @Test
    void pageHinkleyDetectsAnErrorRateIncrease() {
        ChangeTrial t = changeTrial("PageHinkley River defaults", PageHinkley::new, Kind.BERNOULLI);
        assertEquals(0, t.alarmsBefore());
        assertTrue(t.max() <= 300, "max delay " + t.max());
    }

    @Test
    void pageHinkleyDetectsAGaussianMeanShift() {
        ChangeTrial t = changeTrial("PageHinkley delta=0.25 l=50 a=1", DriftDetectorsTest::gaussianPageHinkley,
                Kind.GAUSSIAN);
        assertEquals(0, t.alarmsBefore());
        assertTrue(t.max() <= 300, "max delay " + t.max());
    }

    @Test
    void pageHinkleyFalseAlarmRates() {
        // With alpha < 1 the statistic becomes stationary with a spread of ~ sigma / sqrt(2 (1 - alpha)) while the
        // running minimum never forgets, so long stationary streams raise more alarms than with alpha = 1.
        double riverDefaults = falseAlarmRate("PageHinkley River defaults", PageHinkley::new, Kind.BERNOULLI);
        double noForgetting = falseAlarmRate("PageHinkley defaults but alpha=1",
                () -> new PageHinkley(30, 0.005, 50, 1.0, PageHinkley.Mode.BOTH), Kind.BERNOULLI);
        double gaussian = falseAlarmRate("PageHinkley delta=0.25 l=50 a=1", DriftDetectorsTest::gaussianPageHinkley,
                Kind.GAUSSIAN);
        assertTrue(riverDefaults <= 6.0, "River defaults: " + riverDefaults);
        assertTrue(noForgetting <= 2.0, "alpha=1: " + noForgetting);
        assertTrue(gaussian <= 1.0, "gaussian: " + gaussian);
    }

    @Test
    void pageHinkleyStatisticsMatchTheirDefinition() {
        for (double alpha : new double[] {1.0, 0.99}) {
            double delta = 0.05;
            PageHinkley ph = new PageHinkley(1, delta, 1e9, alpha, PageHinkley.Mode.BOTH);
            SplittableRandom r = new SplittableRandom(3);
            int n = 300;
            double[] x = new double[n];
            double[] prefixMean = new double[n];
            double[] powers = new double[n];
            for (int k = 0; k < n; k++) {
                powers[k] = Math.pow(alpha, k);
            }
            double sum = 0;
            for (int t = 0; t < n; t++) {
                x[t] = (t < 150 ? 0 : 0.5) + r.nextGaussian();
                sum += x[t];
                prefixMean[t] = sum / (t + 1);
                ph.update(x[t]);
                // From scratch: m_j = sum_{i<=j} alpha^(j-i) (x_i - mean(x_0..x_i) -/+ delta), and its extremes.
                double minUp = Double.POSITIVE_INFINITY;
                double maxDown = Double.NEGATIVE_INFINITY;
                double up = 0;
                double down = 0;
                for (int j = 0; j <= t; j++) {
                    up = 0;
                    down = 0;
                    for (int i = 0; i <= j; i++) {
                        double w = powers[j - i];
                        up += w * (x[i] - prefixMean[i] - delta);
                        down += w * (x[i] - prefixMean[i] + delta);
                    }
                    minUp = Math.min(minUp, up);
                    maxDown = Math.max(maxDown, down);
                }
                assertEquals(up - minUp, ph.increaseStatistic(), 1e-9, "alpha " + alpha + " t " + t);
                assertEquals(maxDown - down, ph.decreaseStatistic(), 1e-9, "alpha " + alpha + " t " + t);
            }
        }
    }

    @Test
    void pageHinkleyModesWatchTheirDirectionOnly() {
        for (PageHinkley.Mode mode : PageHinkley.Mode.values()) {
            PageHinkley ph = new PageHinkley(30, 0.25, 50, 1.0, mode);
            SplittableRandom r = new SplittableRandom(5);
            int firstAlarm = -1;
            for (int t = 0; t < 4000 && firstAlarm < 0; t++) {
                // The mean falls at 2000.
                if (ph.update((t < 2000 ? 1.0 : 0.0) + r.nextGaussian())) {
                    firstAlarm = t;
                }
            }
            if (mode == PageHinkley.Mode.UP) {
                assertEquals(-1, firstAlarm, "UP ignores a decrease");
            } else {
                assertTrue(firstAlarm >= 2000 && firstAlarm < 2300, mode + " alarm at " + firstAlarm);
            }
        }
    }

    // ---- DDM ----

    @Test
    void ddmDetectsAnErrorRateIncrease() {
        ChangeTrial t = changeTrial("DDM (30, 2 sigma, 3 sigma)", Ddm::new, Kind.BERNOULLI);
        // DDM compares against the best error rate seen since its last restart, so its delay grows with the
        // length of the stable period before the change. Its alarms before the change come almost all from its
        // first few hundred values, where p and s are noisy estimates (13 here, in 20 x 5000 values).
        assertTrue(t.percentile(0.5) <= 300, "median delay " + t.percentile(0.5));
        assertTrue(t.percentile(0.9) <= 600, "p90 delay " + t.percentile(0.9));
        assertTrue(t.max() <= 1500, "max delay " + t.max());
        assertTrue(t.alarmsBefore() <= 20, "alarms before the change " + t.alarmsBefore());
    }

    @Test
    void ddmFalseAlarmRate() {
        assertTrue(falseAlarmRate("DDM (30, 2 sigma, 3 sigma)", Ddm::new, Kind.BERNOULLI) <= 5.0);
    }

    @Test
    void ddmMatchesABruteForceReplayOfThePaper() {
        SplittableRandom r = new SplittableRandom(21);
        int n = 3000;
        boolean[] errors = new boolean[n];
        for (int t = 0; t < n; t++) {
            errors[t] = r.nextDouble() < (t < 1000 ? 0.1 : t < 2000 ? 0.3 : 0.6);
        }
        Ddm ddm = new Ddm();
        int start = 0;
        int drifts = 0;
        int warnings = 0;
        for (int t = 0; t < n; t++) {
            ddm.update(errors[t]);
            // Replay the segment since the last drift from scratch: p_i, s_i for every prefix, the minimum of p + s
            // (latest on ties) among prefixes of >= 30 values with an error, and the two tests.
            double pMin = Double.POSITIVE_INFINITY;
            double sMin = Double.POSITIVE_INFINITY;
            boolean drift = false;
            boolean warning = false;
            int e = 0;
            for (int i = start; i <= t; i++) {
                e += errors[i] ? 1 : 0;
                int len = i - start + 1;
                drift = false;
                warning = false;
                if (len >= 30 && e > 0) {
                    double p = (double) e / len;
                    double s = Math.sqrt(p * (1 - p) / len);
                    if (p + s <= pMin + sMin) {
                        pMin = p;
                        sMin = s;
                    }
                    drift = p + s >= pMin + 3 * sMin && p + s > pMin + sMin;
                    warning = !drift && p + s >= pMin + 2 * sMin && p + s > pMin + sMin;
                }
            }
            assertEquals(drift, ddm.driftDetected(), "drift at t=" + t);
            assertEquals(warning, ddm.warningDetected(), "warning at t=" + t);
            if (drift) {
                start = t + 1;
                drifts++;
            }
            warnings += warning ? 1 : 0;
        }
        assertTrue(drifts >= 2, "both increases detected: " + drifts);
        assertTrue(warnings > 0);
        assertEquals(drifts, ddm.detections());
    }

    @Test
    void ddmWarnsBeforeItDetects() {
        int warnedFirst = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Ddm ddm = new Ddm();
            boolean warned = false;
            for (int t = 0; t < LENGTH; t++) {
                ddm.update(r.nextDouble() < (t < CHANGE ? 0.1 : 0.5));
                if (t >= CHANGE && ddm.warningDetected()) {
                    warned = true;
                }
                if (t >= CHANGE && ddm.driftDetected()) {
                    break;
                }
            }
            warnedFirst += warned ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "DDM warned before its post-change drift in %d of %d seeds%n", warnedFirst,
                SEEDS);
        assertTrue(warnedFirst >= SEEDS / 2, warnedFirst + " of " + SEEDS);
    }

    // ---- on a learner's errors ----

    @Test
    void detectorsCatchAConceptChangeInALearnersErrors() {
        // A logistic regression learns the hyperplane stream; at t = 5000 the concept flips (labels inverted), so
        // its 0/1 error jumps from ~0.1 to ~0.9 until it relearns. Each detector watches the same error stream.
        List<Supplier<DriftDetector>> factories = List.of(Adwin::new,
                () -> new PageHinkley(30, 0.005, 50, 1 - 1e-4, PageHinkley.Mode.UP), Ddm::new);
        for (int seed = 1; seed <= 5; seed++) {
            List<DriftDetector> detectors = factories.stream().map(Supplier::get).toList();
            int[] delays = new int[detectors.size()];
            Arrays.fill(delays, -1);
            Classifier model = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", 5,
                    Map.of("learning_rate", 0.5)));
            Hyperplane stream = new Hyperplane(5, seed);
            for (int t = 0; t < 6000; t++) {
                LabelledInstance li = stream.next();
                int label = t < CHANGE ? li.label() : 1 - li.label();
                boolean error = model.predictOne(li.features()) != label;
                model.learnOne(li.features(), label);
                for (int i = 0; i < detectors.size(); i++) {
                    if (detectors.get(i).update(error ? 1 : 0) && t >= CHANGE && delays[i] < 0) {
                        delays[i] = t - CHANGE + 1;
                    }
                }
            }
            for (int i = 0; i < detectors.size(); i++) {
                String name = detectors.get(i).name();
                assertTrue(delays[i] > 0 && delays[i] <= 100, name + " seed " + seed + " delay " + delays[i]);
            }
            System.out.printf(Locale.ROOT, "learner errors, concept flip, seed %d: delays %s %s%n", seed,
                    detectors.stream().map(DriftDetector::name).toList(), Arrays.toString(delays));
        }
    }

    // ---- common ----

    @Test
    void resetRestoresTheFreshState() {
        List<DriftDetector> detectors = List.of(new Adwin(), new PageHinkley(), new Ddm());
        for (DriftDetector d : detectors) {
            SplittableRandom r = new SplittableRandom(1);
            for (int t = 0; t < 6000; t++) {
                d.update(r.nextDouble() < (t < 3000 ? 0.1 : 0.6) ? 1 : 0);
            }
            assertTrue(d.detections() > 0, d.name());
            d.reset();
            assertEquals(0, d.count(), d.name());
            assertEquals(0, d.detections(), d.name());
            assertFalse(d.driftDetected(), d.name());
            assertFalse(d.warningDetected(), d.name());
        }
        assertEquals(List.of("adwin", "page_hinkley", "ddm"), detectors.stream().map(DriftDetector::name).toList());
    }

    @Test
    void rejectsBadValuesAndParameters() {
        for (DriftDetector d : new ArrayList<>(List.of(new Adwin(), new PageHinkley(), new Ddm()))) {
            assertThrows(IllegalArgumentException.class, () -> d.update(Double.NaN), d.name());
            assertThrows(IllegalArgumentException.class, () -> d.update(Double.POSITIVE_INFINITY), d.name());
            assertEquals(0, d.count());
        }
        assertThrows(IllegalArgumentException.class, () -> new Ddm().update(0.5));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(0));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(1));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(0.01, 0, 5, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(0.01, 32, 1, 5, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new PageHinkley(30, 0.005, 0, 0.99, PageHinkley.Mode.BOTH));
        assertThrows(IllegalArgumentException.class,
                () -> new PageHinkley(30, 0.005, 50, 1.5, PageHinkley.Mode.BOTH));
        assertThrows(IllegalArgumentException.class, () -> new Ddm(30, 3, 2));
    }
}
