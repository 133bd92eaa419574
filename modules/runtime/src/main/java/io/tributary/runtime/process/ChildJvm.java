package io.tributary.runtime.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java program started in a child JVM, with its stdout and stderr appended to a file.
 *
 * <p>Child JVMs rather than in-process servers because tests need to SIGKILL and restart a
 * broker (a crash that takes no shared state with it), and because a broker's or registry's
 * logging, threads and heap then stay out of the process under test.
 *
 * <p>No child outlives its parent: a shutdown hook stops the ones still running at a normal
 * JVM exit, and {@link ParentWatchdog} ends a child whose parent died without running hooks.
 */
public final class ChildJvm {

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);

    /** Children still running, stopped by the shutdown hook if nobody stopped them first. */
    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();

    /** Grace period the shutdown hook gives children before SIGKILL; JVM exit cannot wait long. */
    private static final Duration HOOK_GRACE = Duration.ofSeconds(10);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::stopAllAtExit, "tributary-child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path output;
    /** Held open for the child's lifetime: its end-of-file tells the watchdog the parent died. */
    private final OutputStream stdinPipe;

    private ChildJvm(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.stdinPipe = process.getOutputStream();
    }

    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The {@code java} launcher of the JVM running this code, so children use the same JDK. */
    public static Path javaBinary() {
        Path fromHandle = ProcessHandle.current().info().command().map(Path::of).orElse(null);
        if (fromHandle != null && fromHandle.getFileName().toString().startsWith("java")
                && Files.isExecutable(fromHandle)) {
            return fromHandle;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, or throws {@link IllegalThreadStateException} while still running. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The file receiving the child's stdout and stderr. */
    public Path output() {
        return output;
    }

    public Process process() {
        return process;
    }

    /** Waits for the child to exit; returns its exit code, or -1 if it is still running. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LIVE.remove(this);
            return process.exitValue();
        }
        return -1;
    }

    /**
     * SIGTERM, then SIGKILL if the child has not exited within {@code grace}. Returns when the
     * process is gone, so its ports and files are free.
     */
    public void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} (pid {}) did not stop within {}; killing it", name, pid(), grace);
                    kill();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            closePipe();
            LIVE.remove(this);
        }
    }

    /** SIGKILL: the child gets no chance to clean up, like a crash. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        // Children of the child (none expected) would otherwise keep ports open.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        closePipe();
        LIVE.remove(this);
    }

    /** The last {@code lines} lines of the child's output file. */
    public String outputTail(int lines) {
        return tail(output, lines);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ", running)" : ", exited)");
    }

    private void closePipe() {
        try {
            stdinPipe.close();
        } catch (IOException ignored) {
            // the child is gone or going; nothing useful to do
        }
    }

    /**
     * The last {@code lines} lines of a text file (reading at most the last 64 KiB), or a note
     * saying the file is missing. For error messages: a failed start should show why.
     */
    public static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(" + file + " does not exist)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[window];
            raf.seek(length - window);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] all = text.split("\\R", -1);
            int end = all.length;
            if (end > 0 && all[end - 1].isEmpty()) {
                end--;
            }
            int start = Math.max(0, end - lines);
            return String.join(System.lineSeparator(), List.of(all).subList(start, end));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static void stopAllAtExit() {
        List<ChildJvm> children = new ArrayList<>(LIVE);
        if (children.isEmpty()) {
            return;
        }
        // SIGTERM all at once, then wait: sequential stops could exceed what JVM exit allows.
        for (ChildJvm child : children) {
            child.process.destroy();
        }
        long deadline = System.nanoTime() + HOOK_GRACE.toNanos();
        for (ChildJvm child : children) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    child.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.process.destroyForcibly();
            }
        }
    }

    /** Writes the watchdog's class file under {@code dir} and returns the class-path entry. */
    private static Path installWatchdog(Path dir) throws IOException {
        String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot read " + resource + " from the class path");
            }
            byte[] bytes = in.readAllBytes();
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                Files.write(target, bytes);
            }
        }
        return dir;
    }

    /**
     * Java's {@code @argfile} quoting. The class path goes through a file because a test class
     * path of a few hundred jars can pass Linux's 128 KiB limit for a single argument.
     */
    private static String argFileQuote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Describes a child JVM; {@link #start()} launches it. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String classpath = System.getProperty("java.class.path");
        private Path workDir;
        private Path output;
        private String name;
        private boolean watchdog = true;

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        public Builder args(String... values) {
            Collections.addAll(args, values);
            return this;
        }

        public Builder args(List<String> values) {
            args.addAll(values);
            return this;
        }

        /** Options for the JVM itself ({@code -Xmx512m}, {@code --add-opens ...}). */
        public Builder jvmOptions(String... values) {
            Collections.addAll(jvmOptions, values);
            return this;
        }

        public Builder jvmOptions(List<String> values) {
            jvmOptions.addAll(values);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        private static String absoluteClasspath(String classpath) {
            if (classpath == null || classpath.isEmpty()) {
                return classpath;
            }
            List<String> entries = new ArrayList<>();
            for (String entry : classpath.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                if (!entry.isEmpty()) {
                    // A trailing '*' (all jars of a folder) must stay a wildcard: resolve only its folder.
                    entries.add(entry.endsWith("*")
                            ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath() + File.separator + "*"
                            : Path.of(entry).toAbsolutePath().toString());
                }
            }
            return String.join(File.pathSeparator, entries);
        }

        /** Defaults to this JVM's {@code java.class.path}. */
        public Builder classpath(String value) {
            this.classpath = Objects.requireNonNull(value, "classpath");
            return this;
        }

        /** Working directory of the child; also holds its argument file and watchdog class. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** File receiving stdout and stderr (appended, so restarts keep earlier output). */
        public Builder output(Path file) {
            this.output = file;
            return this;
        }

        /** A name for log lines and the argument file; defaults to the main class' simple name. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** Whether the child exits when this JVM dies (see {@link ParentWatchdog}); default on. */
        public Builder watchdog(boolean enabled) {
            this.watchdog = enabled;
            return this;
        }

        public ChildJvm start() {
            Objects.requireNonNull(workDir, "workDir");
            String label = name != null ? name : mainClass.substring(mainClass.lastIndexOf('.') + 1);
            Path out = output != null ? output : workDir.resolve(label + ".out");
            try {
                Files.createDirectories(workDir);
                Files.createDirectories(out.toAbsolutePath().getParent());
                // The child runs in workDir, so a relative entry of the parent's class path (`java -cp app.jar`)
                // would resolve against the wrong folder: make every entry absolute first.
                String cp = absoluteClasspath(classpath);
                if (watchdog) {
                    Path entry = installWatchdog(workDir.resolve(".tributary-watchdog"));
                    cp = cp == null || cp.isEmpty()
                            ? entry.toString()
                            : entry + File.pathSeparator + cp;
                }
                Path argFile = workDir.resolve(label + ".classpath.args");
                Files.writeString(argFile, "-cp " + argFileQuote(cp == null ? "" : cp) + "\n");

                List<String> command = new ArrayList<>();
                command.add(javaBinary().toString());
                command.addAll(jvmOptions);
                systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
                command.add("@" + argFile);
                if (watchdog) {
                    command.add(ParentWatchdog.class.getName());
                }
                command.add(mainClass);
                command.addAll(args);

                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
                pb.environment().putAll(environment);
                Process process = pb.start();
                ChildJvm child = new ChildJvm(label, process, out);
                LIVE.add(child);
                LOG.debug("started {}: {}", child, command);
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start child JVM " + label, e);
            }
        }
    }
}
