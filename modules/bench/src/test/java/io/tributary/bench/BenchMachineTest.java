package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMachineTest {

    @Test
    void medianOfOddAndEvenCountsLeavesTheInputAlone() {
        double[] odd = {5, 1, 4, 2, 3};
        assertEquals(3.0, BenchMachine.median(odd));
        assertEquals(5.0, odd[0], "the input is not sorted in place");
        assertEquals(2.5, BenchMachine.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, BenchMachine.median(new double[] {7}));
        assertThrows(IllegalArgumentException.class, () -> BenchMachine.median(new double[0]));
    }

    @Test
    void processCpuTimeAdvancesWithWorkAndAGoneProcessCountsNothing() {
        long self = ProcessHandle.current().pid();
        double before = CpuClock.processSeconds(List.of(self));
        long deadline = System.nanoTime() + 5_000_000_000L;
        double x = 0;
        // Work until the clock (10 ms ticks) has moved, or give up after 5 s.
        while (CpuClock.processSeconds(List.of(self)) < before + 0.05 && System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                x += Math.sqrt(i);
            }
        }
        assertTrue(x > 0);
        assertTrue(CpuClock.processSeconds(List.of(self)) >= before + 0.05, "CPU time advanced");
        assertEquals(0.0, CpuClock.processSeconds(List.of(Long.MAX_VALUE)), "no such process");
    }
}
