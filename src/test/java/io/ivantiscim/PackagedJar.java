package io.ivantiscim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Runs the packaged jar ({@code target/quarkus-app/quarkus-run.jar}) as its own process, as an operator would. */
public final class PackagedJar {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /** A finished run: exit code and everything it printed (stdout and stderr). */
    record Result(int exitCode, String output) {
    }

    private PackagedJar() {
    }

    static List<String> command(List<String> properties) {
        assumeTrue(Files.exists(JAR), "the packaged jar is missing (run mvn package first)");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        return command;
    }

    /** Starts the jar in the background in {@code dir}; its output goes to {@code log}. */
    static Process start(Path dir, Path log, List<String> properties) throws IOException {
        return new ProcessBuilder(command(properties)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Runs the jar to completion (at most two minutes) in {@code dir}. */
    static Result run(Path dir, List<String> properties) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "run", ".log");
        Process p = new ProcessBuilder(command(properties))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the jar did not exit within 120 s: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Stops every process (each as {@link #stop}), for an {@code @AfterEach}. */
    static void stopAll(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            stop(p);
        }
    }

    static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Polls until the condition holds or the deadline passes (no fixed sleeps). */
    public static boolean waitUntil(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            // A poll interval, not a wait for the outcome: the deadline decides.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return condition.getAsBoolean();
    }

    /** The log so far, or empty while it does not exist. */
    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
