package io.tributary.learn.drift;

/**
 * DDM, the Drift Detection Method (Gama, Medas, Castillo and Rodrigues, "Learning with Drift Detection", SBIA
 * 2004), on a stream of 0/1 errors (1 = the model got the instance wrong).
 *
 * <p>After i values, the error rate is estimated by {@code p_i} (the mean of the errors) with standard deviation
 * {@code s_i = sqrt(p_i (1 - p_i) / i)}. DDM remembers {@code p_min} and {@code s_min} at the point where
 * {@code p_i + s_i} was lowest, and signals
 * <ul>
 *   <li>a warning when {@code p_i + s_i >= p_min + warningThreshold · s_min} (2 in the paper), and</li>
 *   <li>a drift when {@code p_i + s_i >= p_min + driftThreshold · s_min} (3 in the paper).</li>
 * </ul>
 * Nothing is tested, and the minimum is not recorded, before {@code minInstances} values (30, as in the paper,
 * MOA and River). One deliberate deviation: the minimum is recorded only once at least one error has been seen.
 * Otherwise a model that starts with 30 correct answers records {@code p_min = s_min = 0}, and its first error,
 * however ordinary, would be a "drift". After a drift, the next {@link #update} restarts DDM from scratch, with the
 * new regime as its reference.
 */
public final class Ddm implements DriftDetector {

    public static final int DEFAULT_MIN_INSTANCES = 30;
    public static final double DEFAULT_WARNING_THRESHOLD = 2.0;
    public static final double DEFAULT_DRIFT_THRESHOLD = 3.0;

    private final int minInstances;
    private final double warningThreshold;
    private final double driftThreshold;

    private long n;
    private long errors;
    private double pMin;
    private double sMin;
    private boolean warning;
    private boolean drift;
    private long count;
    private long detections;

    /** The paper's parameters: 30 instances, warning at 2σ, drift at 3σ. */
    public Ddm() {
        this(DEFAULT_MIN_INSTANCES, DEFAULT_WARNING_THRESHOLD, DEFAULT_DRIFT_THRESHOLD);
    }

    /**
     * @param minInstances     values before the first test, {@code >= 1}
     * @param warningThreshold multiple of {@code s_min} for a warning, {@code > 0}
     * @param driftThreshold   multiple of {@code s_min} for a drift, {@code >= warningThreshold}
     */
    public Ddm(int minInstances, double warningThreshold, double driftThreshold) {
        if (minInstances < 1) {
            throw new IllegalArgumentException("minInstances must be at least 1, got " + minInstances);
        }
        if (!(warningThreshold > 0) || !Double.isFinite(warningThreshold)) {
            throw new IllegalArgumentException("warningThreshold must be > 0 and finite, got " + warningThreshold);
        }
        if (!(driftThreshold >= warningThreshold) || !Double.isFinite(driftThreshold)) {
            throw new IllegalArgumentException("driftThreshold must be finite and >= warningThreshold ("
                    + warningThreshold + "), got " + driftThreshold);
        }
        this.minInstances = minInstances;
        this.warningThreshold = warningThreshold;
        this.driftThreshold = driftThreshold;
        reset();
    }

    @Override
    public void reset() {
        restart();
        drift = false;
        warning = false;
        count = 0;
        detections = 0;
    }

    private void restart() {
        n = 0;
        errors = 0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
    }

    /** Feeds one outcome: {@code true} when the model erred. */
    public boolean update(boolean error) {
        return update(error ? 1.0 : 0.0);
    }

    /**
     * @param value 1 for an error, 0 for a correct prediction
     * @throws IllegalArgumentException for any other value
     */
    @Override
    public boolean update(double value) {
        if (value != 0.0 && value != 1.0) {
            throw new IllegalArgumentException("DDM monitors 0/1 errors, got " + value);
        }
        if (drift) {
            restart();
        }
        count++;
        n++;
        if (value == 1.0) {
            errors++;
        }
        warning = false;
        drift = false;
        if (n >= minInstances && errors > 0) {
            double p = (double) errors / n;
            double s = Math.sqrt(p * (1 - p) / n);
            if (p + s <= pMin + sMin) {
                pMin = p;
                sMin = s;
            }
            if (p + s >= pMin + driftThreshold * sMin && p + s > pMin + sMin) {
                drift = true;
                detections++;
            } else if (p + s >= pMin + warningThreshold * sMin && p + s > pMin + sMin) {
                warning = true;
            }
        }
        return drift;
    }

    @Override
    public boolean driftDetected() {
        return drift;
    }

    @Override
    public boolean warningDetected() {
        return warning;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public String name() {
        return "ddm";
    }

    /** The current error-rate estimate {@code p_i} since the last (re)start; NaN before any value. */
    public double errorRate() {
        return n == 0 ? Double.NaN : (double) errors / n;
    }

    /** {@code p_min} (infinite while none is recorded). */
    public double minErrorRate() {
        return pMin;
    }

    /** {@code s_min} (infinite while none is recorded). */
    public double minStd() {
        return sMin;
    }

    @Override
    public String toString() {
        return "DDM[warning=" + warningThreshold + ", drift=" + driftThreshold + ", n=" + n + ", p=" + errorRate()
                + "]";
    }
}
