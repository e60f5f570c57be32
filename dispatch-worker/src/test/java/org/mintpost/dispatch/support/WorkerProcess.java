package org.mintpost.dispatch.support;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged worker ({@code quarkus-run.jar}) as a child process, as it runs in production. */
public final class WorkerProcess implements AutoCloseable {

    private final String name;
    private final int httpPort;
    private final Process process;

    private WorkerProcess(String name, int httpPort, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.process = process;
    }

    public static WorkerProcess start(String name, String bootstrap, int smtpPort, String... extraProperties)
            throws IOException {
        String jar = System.getProperty("dispatch.app.jar", "target/quarkus-app/quarkus-run.jar");
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx192m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dkafka.bootstrap.servers=" + bootstrap);
        cmd.add("-Dmintpost.upstream.host=127.0.0.1");
        cmd.add("-Dmintpost.upstream.port=" + smtpPort);
        cmd.add("-Dquarkus.http.port=" + port);
        for (String p : extraProperties) {
            cmd.add("-D" + p);
        }
        // e.g. -Dbench.worker.jvm-options=-XX:StartFlightRecording=filename=target/w.jfr for a profile
        String jvmOptions = System.getProperty("bench.worker.jvm-options", "").replace("{name}", name);
        for (String option : jvmOptions.isBlank() ? new String[0] : jvmOptions.split(" ")) {
            cmd.add(option);
        }
        cmd.add("-jar");
        cmd.add(jar);
        File logs = new File("target/it-logs");
        logs.mkdirs();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(logs, name + ".log")).start();
        return new WorkerProcess(name, port, p);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU seconds this process has used so far (user + system, from {@code /proc/<pid>/stat}). */
    public double cpuSeconds() {
        return Cpu.seconds(process.pid());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean ready() {
        return get("/q/health/ready") == 200;
    }

    /** Waits until the worker says it is ready. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            if (ready()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout);
    }

    /** This worker's {@code dispatch_deliveries_total{outcome="delivered"}}. */
    public double delivered() {
        return metric("dispatch_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*\\}\\s+([0-9.Ee+-]+)");
    }

    public double metric(String regex) {
        String body = body("/q/metrics");
        Matcher m = Pattern.compile(regex).matcher(body == null ? "" : body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** {@code kill -9}: no shutdown hook, no commit, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the graceful path. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    private int get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private String body(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(5000);
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
