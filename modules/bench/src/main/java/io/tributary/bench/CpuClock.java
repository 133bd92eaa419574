package io.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * CPU time, read where Linux exposes it: of given processes ({@link ProcessHandle.Info#totalCpuDuration()}, user +
 * system, 10 ms ticks) and of the whole machine ({@code /proc/stat}). A benchmark samples it at the start and the end
 * of a window; CPU seconds over wall seconds is the number of cores kept busy, which on a small machine says whether
 * a run was short of cores.
 */
final class CpuClock {

    /** USER_HZ: the unit of {@code /proc/stat}; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuClock() {}

    /** User + system CPU seconds used so far by the processes {@code pids} (a gone process counts 0). */
    static double processSeconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos)
                    .orElse(0L) / 1e9;
        }
        return total;
    }

    /**
     * Busy CPU seconds of the whole machine so far (every process, ours and others'): all time of the aggregate
     * {@code cpu} line of {@code /proc/stat} except idle and iowait; NaN where there is no {@code /proc/stat}.
     */
    static double machineBusySeconds() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) {
                return Double.NaN;
            }
            long busy = 0;
            // user nice system idle iowait irq softirq steal [guest guest_nice: already inside user and nice]
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
