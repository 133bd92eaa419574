package io.tributary.tribuo;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A uniform random sample of {@code capacity} of all the events offered so far: Vitter's algorithm R ("Random
 * sampling with a reservoir", ACM TOMS 11(1), 1985). The n-th event (1-based) enters with probability
 * {@code capacity / n}, replacing a uniformly chosen slot, so at every point each event seen so far is in the
 * window with the same probability.
 *
 * <p>The draws come from a SplitMix64 generator (Steele, Lea and Flood, OOPSLA 2014) whose whole state is one long,
 * {@link #rngState()}, which the snapshot stores so that a restored window draws exactly what the original would
 * have drawn.
 */
final class ReservoirWindow implements TrainingWindow {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Row[] slots;
    private int size;
    private long seen;
    private long rngState;

    ReservoirWindow(int capacity, long seed) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("window capacity must be positive, got " + capacity);
        }
        this.slots = new Row[capacity];
        this.rngState = seed;
    }

    /** A reservoir holding {@code rows} (slot order) after {@code seen} offers, its generator at {@code rngState}. */
    static ReservoirWindow restore(int capacity, long seen, long rngState, List<Row> rows) {
        if (rows.size() > capacity || rows.size() != Math.min(seen, capacity)) {
            throw new IllegalArgumentException("a reservoir of " + capacity + " holds min(seen, capacity) rows, but "
                    + rows.size() + " rows came with " + seen + " events");
        }
        ReservoirWindow w = new ReservoirWindow(capacity, rngState);
        for (int i = 0; i < rows.size(); i++) {
            w.slots[i] = rows.get(i);
        }
        w.size = rows.size();
        w.seen = seen;
        return w;
    }

    @Override
    public Row add(Row row) {
        seen++;
        if (size < slots.length) {
            slots[size++] = row;
            return null;
        }
        long j = nextBelow(seen);
        if (j < slots.length) {
            Row evicted = slots[(int) j];
            slots[(int) j] = row;
            return evicted;
        }
        return row;
    }

    /** Uniform in {@code [0, bound)} for {@code bound >= 1}, by rejection (no modulo bias). */
    private long nextBelow(long bound) {
        // The largest multiple of bound that fits in 2^63; draws at or above it are redrawn.
        long limit = Long.MAX_VALUE - Long.remainderUnsigned(Long.MAX_VALUE, bound);
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    private long nextLong() {
        rngState += GOLDEN_GAMMA;
        long z = rngState;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long rngState() {
        return rngState;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return slots.length;
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public Row get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return slots[i];
    }

    @Override
    public List<Row> snapshot() {
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(slots, size)));
    }
}
