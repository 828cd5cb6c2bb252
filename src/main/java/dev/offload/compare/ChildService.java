package dev.offload.compare;

import dev.offload.FreePorts;
import dev.offload.JvmFlags;
import dev.offload.admin.AdminToken;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An offload service in a fresh child JVM on a free loopback port: started, waited for until {@code /ready},
 * read from {@code /proc} for CPU and memory, and stopped. Its output goes to a log file beside the report.
 */
final class ChildService implements AutoCloseable {
  /** Linux reports process CPU time in clock ticks of 1/100 s on every platform offload runs on. */
  private static final double TICKS_PER_SECOND = 100;
  /**
   * Every child's heap cap: without one each JVM may take a quarter of the machine's memory, and a front with its
   * workers on one host would compete for it. 1 GiB is four times what the largest compare in conf/ needs.
   */
  static final String HEAP_CAP = "-Xmx1g";

  private final Process process;
  private final int port;
  private final String adminToken;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();
  // If the comparison itself is stopped (Ctrl-C), the child must not outlive it.
  private final Thread killOnExit;

  private ChildService(Process process, int port, Path log, String adminToken) {
    this.adminToken = adminToken;
    this.process = process;
    this.port = port;
    this.log = log;
    this.killOnExit = new Thread(process::destroyForcibly, "offload-compare-child-" + process.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Writes {@code config} (its http section pointed at a free loopback port) beside the log and starts a JVM running
   * {@code mainClass command --config FILE}; see {@link ServiceLauncher}.
   */
  static ChildService start(JsonObject config, Path dir, String name, String adminToken, String command,
      String mainClass) throws IOException {
    int port = FreePorts.next();
    JsonObject effective = pointedAt(config, port, adminToken != null);
    Path configFile = dir.resolve(name + "-config.json");
    Files.writeString(configFile, effective.encodePrettily(), StandardCharsets.UTF_8);
    Path log = dir.resolve(name + ".log");
    List<String> line = new ArrayList<>();
    line.add(ProcessHandle.current().info().command().orElse("java"));
    line.addAll(JvmFlags.forChildJvm());
    line.add(HEAP_CAP);
    line.add("-cp");
    line.add(System.getProperty("java.class.path"));
    line.add(mainClass);
    line.add(command);
    line.add("--config");
    line.add(configFile.toString());
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove(AdminToken.ENV);
    if (adminToken != null) {
      builder.environment().put(AdminToken.ENV, adminToken);
    }
    Process process = builder.start();
    return new ChildService(process, port, log, adminToken);
  }

  /** {@code config} as this child runs it: on its loopback port, with the admin API there too when asked. */
  static JsonObject pointedAt(JsonObject config, int port, boolean admin) {
    JsonObject http = config.getJsonObject("http", new JsonObject()).copy().put("host", "127.0.0.1").put("port", port);
    JsonObject effective = config.copy().put("http", http);
    if (admin) {
      effective.put("admin", new JsonObject().put("port", port));
    }
    return effective;
  }

  /** {@code config} pointed at this child, PUT through its admin API: the strategy switch of {@code reuseJvm}. */
  HttpResponse<String> putConfig(JsonObject config) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/config"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + adminToken)
        .PUT(HttpRequest.BodyPublishers.ofString(pointedAt(config, port, true).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Waits for {@code /ready} to answer 200; false if the child died or the time ran out. */
  boolean awaitReady(long timeoutMs) throws InterruptedException {
    return awaitOk("/ready", timeoutMs);
  }

  /**
   * Waits for {@code /health} to answer 200: serving, if not yet ready (a cluster front is not ready until a worker
   * exports its routes' pools).
   */
  boolean awaitServing(long timeoutMs) throws InterruptedException {
    return awaitOk("/health", timeoutMs);
  }

  private boolean awaitOk(String path, long timeoutMs) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < giveUp) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        if (get(path).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    return false;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  boolean alive() {
    return process.isAlive();
  }

  /** CPU seconds (user + system) the child has used so far, from {@code /proc/<pid>/stat}; -1 if unreadable. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name, which is in parentheses and may itself hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The child's peak resident memory in MiB ({@code VmHWM}); -1 if unreadable. */
  double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone or not Linux.
    }
    return -1;
  }

  /** The last lines of the child's log, for a failed row. */
  List<String> lastLogLines(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return List.of("(no log: " + e.getMessage() + ")");
    }
  }

  /** SIGTERM (the child drains), then a hard kill if it has not ended in 30 s. */
  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException exiting) {
      // The JVM is already shutting down; the hook will run.
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
