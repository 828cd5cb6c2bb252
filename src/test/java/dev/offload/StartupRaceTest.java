package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: the first requests after a start are all answered, none meets a NullPointerException in Vert.x's HTTP
 * server metrics, and a start logs no warning. Each start is a fresh child JVM serving 4 instances on one port, with
 * 8 clients sending {@code GET /ready} from the first moment the port accepts.
 *
 * <p>Fresh JVMs, because the race (docs/upstream/README.md) needs a cold JVM: the listening event loop must be slow
 * to add its bind listener, which it is while that code runs for the first time. 20 starts of a server in one JVM
 * never showed it. How many starts: see {@link #STARTS}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StartupRaceTest {
  /**
   * Before the fix 19 of 110 starts of this test (17 %) left a request unanswered after the NPE, so 10 starts catch
   * a regression with a probability of 1 - 0.83^10 = 85 % per run (each run of the suite is another chance), at
   * about 2.3 s a start. {@code -Doffload.startupRace.starts=N} runs more.
   */
  private static final int STARTS = Integer.getInteger("offload.startupRace.starts", 10);
  private static final int CLIENTS = 8;
  private static final long BURST_MS = 300;
  private static final int REQUEST_TIMEOUT_MS = 2_000;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();

  /** What one start showed; {@code problems} are its log's warnings and NullPointerExceptions. */
  private record Start(int index, StartBurst.Tally tally, double vertxCounted, double unmetered, Path log,
      List<String> problems) {
  }

  @Test
  void everyRequestFromTheFirstMomentIsAnsweredAndNothingIsWarned() throws Exception {
    // Kept after the run: a failure names the child's log. An earlier run's logs would only confuse.
    Path dir = Files.createDirectories(Path.of("target", "startup-race"));
    try (Stream<Path> old = Files.list(dir)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    List<Start> starts = new ArrayList<>();
    // One at a time: two children starting together on two cores never showed the race in 30 starts.
    for (int i = 0; i < STARTS; i++) {
      starts.add(start(dir, i));
    }
    starts.forEach(s -> System.out.printf("start %d: %s, Vert.x counted %.0f, unmetered %.0f, log problems %d%n",
        s.index(), s.tally(), s.vertxCounted(), s.unmetered(), s.problems().size()));
    // Every start is measured before anything is asserted: a failure says how many starts failed.
    List<String> failures = new ArrayList<>();
    for (Start s : starts) {
      StartBurst.Tally tally = s.tally();
      if (!tally.portOpened() || tally.answered() == 0) {
        failures.add("start " + s.index() + ": nothing answered, see " + s.log());
      } else if (tally.unanswered() > 0 || tally.failed() > 0 || !s.problems().isEmpty()) {
        failures.add("start " + s.index() + ": " + tally + "; " + s.problems().size()
            + " WARNING/SEVERE/NullPointerException lines in " + s.log() + ", the first: "
            + s.problems().stream().findFirst().orElse("none"));
      } else if (tally.answered() != s.vertxCounted() + s.unmetered()) {
        // Each answered request is counted once: by Vert.x's metrics, or by offload as unmetered when its
        // connection came before Vert.x's metrics.
        failures.add("start " + s.index() + ": " + tally.answered() + " answered but Vert.x counted "
            + s.vertxCounted() + " and offload " + s.unmetered() + " unmetered");
      }
    }
    assertEquals(List.of(), failures, failures.size() + " of " + STARTS + " starts failed");
  }

  private Start start(Path dir, int index) throws Exception {
    JsonObject config = TestService.config(4);
    int port = config.getJsonObject("http").getInteger("port");
    Path configFile = dir.resolve("start-" + index + ".json");
    Files.writeString(configFile, config.encode(), StandardCharsets.UTF_8);
    Path log = dir.resolve("start-" + index + ".log");
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", configFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      StartBurst.Tally tally = new StartBurst(port, "/ready", REQUEST_TIMEOUT_MS).run(CLIENTS, 30_000, BURST_MS, child);
      String metrics = tally.portOpened() ? scrape(port) : "";
      return new Start(index, tally, Scrape.sum(metrics, "vertx_http_server_requests_total{"),
          Scrape.sum(metrics, "offload_http_unmetered_requests_total"), log, problems(log));
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String scrape(int port) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** java.util.logging's WARNING and SEVERE records, and any NullPointerException, in the child's output so far. */
  private static List<String> problems(Path log) throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("WARNING:") || line.startsWith("SEVERE:")
            || line.contains("NullPointerException"))
        .toList();
  }
}
