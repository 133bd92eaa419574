package io.tributary.runtime.process;

/** A child JVM main for {@link ChildJvmTest}: prints a line and sleeps. */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeper up " + String.join(",", args));
        System.out.flush();
        Thread.sleep(120_000);
    }
}
