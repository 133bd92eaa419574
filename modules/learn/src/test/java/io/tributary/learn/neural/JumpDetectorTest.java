package io.tributary.learn.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JumpDetectorTest {

    /** On stationary Gaussian noise the scale converges to E|x_t - x_{t-1}| = 2 / sqrt(pi), and nothing fires. */
    @Test
    void noAlarmOnAMillionValuesOfStationaryNoise() {
        JumpDetector detector = new JumpDetector();
        SplittableRandom r = new SplittableRandom(1);
        double scaleSum = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            assertFalse(detector.update(r.nextGaussian()), "false alarm at " + i);
            scaleSum += detector.scale();
        }
        assertEquals(0, detector.jumps());
        assertEquals(2 / Math.sqrt(Math.PI), scaleSum / n, 0.01, "mean scale");
    }

    /** Level shifts of 12 and 15 standard deviations in noise, 100 seeds each: flagged at the step itself. */
    @Test
    void flagsALevelShiftAtTheStep() {
        int caught12 = 0;
        for (int seed = 0; seed < 100; seed++) {
            for (double shift : new double[] {12, 15}) {
                JumpDetector detector = new JumpDetector();
                SplittableRandom r = new SplittableRandom(seed);
                int flaggedAt = -1;
                for (int i = 0; i < 400; i++) {
                    double x = r.nextGaussian() + (i >= 200 ? shift : 0);
                    if (detector.update(x) && flaggedAt < 0) {
                        flaggedAt = i;
                    }
                }
                if (shift == 15) {
                    assertEquals(200, flaggedAt, "seed " + seed + ": the first alarm must be the step itself");
                    assertEquals(1, detector.jumps(), "seed " + seed + ": one step, one alarm");
                } else if (flaggedAt == 200) {
                    caught12++;
                } else {
                    assertEquals(-1, flaggedAt, "seed " + seed + ": an alarm elsewhere than at the step");
                }
            }
        }
        assertTrue(caught12 >= 95, "12-sigma steps caught at the step: " + caught12 + " of 100");
    }

    /** Hand-computed: the scale is the plain mean of the first changes, then a jump beyond 7 times it fires. */
    @Test
    void scaleAndScoreFollowTheDefinition() {
        JumpDetector d = new JumpDetector(3, 0.5, 2, 0);
        assertFalse(d.update(10));
        assertEquals(0, d.lastScore());
        assertFalse(d.update(11)); // change 1: scale = 1 (plain mean, weight 1)
        assertEquals(1, d.scale(), 1e-12);
        assertFalse(d.update(8)); // change 3 vs scale 1, but only 1 change seen: warming up; scale = (1 + 3) / 2
        assertEquals(2, d.scale(), 1e-12);
        assertEquals(3, d.lastScore(), 1e-12);
        assertFalse(d.update(13)); // 5 <= 3 * 2: no jump; weight max(0.5, 1/3) = 0.5: scale = 2 + 0.5 * 3
        assertEquals(3.5, d.scale(), 1e-12);
        assertTrue(d.update(24)); // 11 > 3 * 3.5: jump; the detector starts over from 24
        assertEquals(11 / 3.5, d.lastScore(), 1e-12);
        assertEquals(0, d.scale());
        assertEquals(24, d.previous());
        assertFalse(d.update(100)); // warming up again: no alarm for two changes, however large
        assertFalse(d.update(0));
        assertEquals(88, d.scale(), 1e-12); // (76 + 100) / 2
        assertTrue(d.update(Double.NaN), "a non-finite value is a jump");
        assertEquals(0, d.previous(), "and is not remembered");
        assertEquals(2, d.jumps());
    }

    /** A constant series has zero scale: the relative floor keeps tiny wiggles from firing. */
    @Test
    void theRelativeFloorProtectsConstantSeries() {
        JumpDetector d = new JumpDetector();
        for (int i = 0; i < 100; i++) {
            assertFalse(d.update(5.0));
        }
        assertFalse(d.update(5.0 + 1e-4), "a change of 2e-5 relative is under 7 * 1e-3");
        assertTrue(d.update(5.5), "a change of 10 % is a jump");
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new JumpDetector(0, 0.1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new JumpDetector(5, 0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new JumpDetector(5, 1.5, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new JumpDetector(5, 0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new JumpDetector(5, 0.1, 5, -1));
    }
}
