package io.tributary.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @Test
    void childExitsWhenItsParentGoesAway(@TempDir Path dir) throws Exception {
        ChildJvm child = ChildJvm.builder(Sleeper.class.getName())
                .workDir(dir).args("a", "b").jvmOptions("-Xmx32m").start();
        try {
            awaitOutput(child, "sleeper up a,b");
            // Closing the stdin pipe is what the kernel does when the parent dies, however
            // it dies: the watchdog must end the child.
            child.process().getOutputStream().close();
            assertEquals(0, child.waitFor(Duration.ofSeconds(20)));
            assertTrue(child.outputTail(5).contains("stdin closed"), child.outputTail(5));
        } finally {
            child.kill();
        }
    }

    @Test
    void stopAndKillEndTheProcess(@TempDir Path dir) throws Exception {
        ChildJvm first = ChildJvm.builder(Sleeper.class.getName()).workDir(dir).name("first").start();
        ChildJvm second = ChildJvm.builder(Sleeper.class.getName()).workDir(dir).name("second").start();
        awaitOutput(first, "sleeper up");
        first.stop(Duration.ofSeconds(10));
        second.kill();
        assertTrue(!first.isAlive() && !second.isAlive());
        assertEquals(137, second.exitValue(), "SIGKILL");
    }

    @Test
    void aRelativeClassPathStillWorksAlthoughTheChildRunsInAnotherFolder(@TempDir Path dir) throws Exception {
        // Surefire runs in the module folder, so this is the test classes' folder relative to the current directory.
        Path testClasses = Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path relative = Path.of("").toAbsolutePath().relativize(testClasses);
        assertTrue(!relative.isAbsolute() && Files.isDirectory(relative), "a relative path to " + testClasses);
        ChildJvm child = ChildJvm.builder(Sleeper.class.getName()).workDir(dir).classpath(relative.toString()).start();
        try {
            awaitOutput(child, "sleeper up");
        } finally {
            child.kill();
        }
    }

    @Test
    void tailReturnsTheLastLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "one\ntwo\nthree\nfour\n");
        assertEquals("three" + System.lineSeparator() + "four", ChildJvm.tail(file, 2));
        assertTrue(ChildJvm.tail(dir.resolve("missing"), 2).contains("does not exist"));
    }

    private static void awaitOutput(ChildJvm child, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!child.outputTail(20).contains(text)) {
            assertTrue(child.isAlive(), () -> "child died: " + child.outputTail(20));
            assertTrue(System.nanoTime() < deadline, () -> "no '" + text + "' in " + child.outputTail(20));
            Thread.sleep(50);
        }
    }
}
