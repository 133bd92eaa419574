package io.tributary.runtime.process;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Entry point of every child JVM Tributary starts: {@code ParentWatchdog <main class> <args...>}.
 *
 * <p>Why: a JVM shutdown hook cannot run when the parent is SIGKILLed (a surefire fork hitting
 * its timeout, {@code kill -9}, an IDE's stop button), and an orphaned broker would keep its
 * ports and a gigabyte of heap. The parent keeps the write end of the child's stdin pipe open
 * for its whole life; the kernel closes it however the parent dies, so end-of-file on stdin
 * means "parent gone" and the child exits (gracefully first, so Kafka still flushes its logs).
 *
 * <p>This class is copied as a single {@code .class} file next to each child's logs and put on
 * the child's class path (the registry's class path is otherwise only Quarkus' own jar), so it
 * must stay self-contained: no nested, anonymous or enum-switch classes, JDK types only.
 * Lambdas are fine: they compile to methods of this class.
 */
public final class ParentWatchdog {

    /** How long the graceful exit may take before the JVM is halted. */
    private static final long HALT_AFTER_MILLIS = 30_000;

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ParentWatchdog <main class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ParentWatchdog::watchStdin, "tributary-parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();

        Class<?> target = Class.forName(args[0], true, ClassLoader.getSystemClassLoader());
        MethodHandle main = MethodHandles.publicLookup().findStatic(
                target, "main", MethodType.methodType(void.class, String[].class));
        main.invokeExact(Arrays.copyOfRange(args, 1, args.length));
    }

    private static void watchStdin() {
        try {
            byte[] buffer = new byte[256];
            while (System.in.read(buffer) >= 0) {
                // The parent never writes; anything that arrives is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same thing as end-of-file: the parent is gone.
        }
        // Process.destroy() also closes the pipe, so a normal stop arrives here too.
        System.err.println("[tributary] stdin closed: the parent stopped this JVM or died; shutting down");
        Thread halter = new Thread(ParentWatchdog::haltLater, "tributary-watchdog-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }

    private static void haltLater() {
        try {
            Thread.sleep(HALT_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(1);
    }
}
