package io.tributary.app;

import java.util.concurrent.locks.LockSupport;

/** Spaces out events to a target rate (events per second); a rate of 0 or less means as fast as possible. */
final class Pacer {

    private final long intervalNanos;
    private long next = System.nanoTime();

    Pacer(double eventsPerSecond) {
        this.intervalNanos = eventsPerSecond <= 0 ? 0 : (long) (1e9 / eventsPerSecond);
    }

    void await() {
        if (intervalNanos == 0) {
            return;
        }
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        } else if (wait < -1_000_000_000L) {
            next = System.nanoTime(); // fell more than a second behind (GC, slow broker): don't burst to catch up
        }
    }
}
