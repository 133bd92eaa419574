package io.tributary.learn.linear;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the base learning rate evolves with the number of updates {@code t} (0 for the first update). */
public enum Schedule {
    /** {@code lr_t = lr}. */
    CONSTANT("constant"),
    /** {@code lr_t = lr / (t + 1)^power_t}: the first step uses {@code lr}, later steps shrink slowly. */
    INVSCALING("invscaling"),
    /**
     * Step decay: {@code lr_t = lr * decay_rate^floor(t / decay_steps)}, the rate drops by a constant factor every
     * {@code decay_steps} updates.
     */
    STEP("step");

    private final String configName;

    Schedule(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /**
     * The learning rate for the update that follows {@code t} earlier updates, for the schedules without a step
     * parameter.
     *
     * @throws IllegalStateException for {@link #STEP}, which needs {@link #rate(double, double, long, double, long)}
     */
    public double rate(double learningRate, double powerT, long t) {
        return switch (this) {
            case CONSTANT -> learningRate;
            case INVSCALING -> learningRate / Math.pow(t + 1.0, powerT);
            case STEP -> throw new IllegalStateException("the step schedule needs decay_steps and decay_rate");
        };
    }

    /** The learning rate for the update that follows {@code t} earlier updates, for any schedule. */
    public double rate(double learningRate, double powerT, long decaySteps, double decayRate, long t) {
        if (this == STEP) {
            return learningRate * Math.pow(decayRate, (double) (t / decaySteps));
        }
        return rate(learningRate, powerT, t);
    }

    /** Parses a {@link #configName()} (case-insensitive). */
    public static Schedule fromConfigName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Schedule s : values()) {
            if (s.configName.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + name + "'; allowed: " + allowedNames());
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(Schedule::configName).collect(Collectors.joining(", "));
    }
}
