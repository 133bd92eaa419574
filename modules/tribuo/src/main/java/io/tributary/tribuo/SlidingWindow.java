package io.tributary.tribuo;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The last {@code capacity} events, in a ring. */
final class SlidingWindow implements TrainingWindow {

    private final Row[] ring;
    private int next;
    private int size;
    private long seen;

    SlidingWindow(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("window capacity must be positive, got " + capacity);
        }
        this.ring = new Row[capacity];
    }

    /** A window holding {@code rows} (oldest first, at most {@code capacity}) after {@code seen} offers. */
    static SlidingWindow restore(int capacity, long seen, List<Row> rows) {
        SlidingWindow w = new SlidingWindow(capacity);
        if (rows.size() > capacity || seen < rows.size()) {
            throw new IllegalArgumentException("a sliding window of " + capacity + " cannot hold " + rows.size()
                    + " rows after " + seen + " events");
        }
        for (Row r : rows) {
            w.add(r);
        }
        w.seen = seen;
        return w;
    }

    @Override
    public Row add(Row row) {
        Row evicted = ring[next];
        ring[next] = row;
        next = next + 1 == ring.length ? 0 : next + 1;
        if (size < ring.length) {
            size++;
        }
        seen++;
        return evicted;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return ring.length;
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
        int oldest = size < ring.length ? 0 : next;
        int at = oldest + i;
        return ring[at >= ring.length ? at - ring.length : at];
    }

    @Override
    public List<Row> snapshot() {
        Row[] copy = new Row[size];
        int oldest = size < ring.length ? 0 : next;
        int firstPart = Math.min(size, ring.length - oldest);
        System.arraycopy(ring, oldest, copy, 0, firstPart);
        System.arraycopy(ring, 0, copy, firstPart, size - firstPart);
        return Collections.unmodifiableList(Arrays.asList(copy));
    }
}
