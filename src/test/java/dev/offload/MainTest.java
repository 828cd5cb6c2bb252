package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users meet it, in a child JVM: exit codes, one-line errors, and a server that serves. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MainTest {
  @TempDir
  Path out;

  /** What a finished child printed and how it ended. */
  private record Outcome(int exitCode, List<String> stdout, List<String> stderr) {
  }

  @Test
  void anInvalidConfigEndsWithExitCode2AndOneLineNamingFileKeyAndReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"routes\": {\"cpu\": {\"strategy\": \"worker-pol\", \"pool\": \"cpu\"}}}");
    Outcome out = run("serve", "--config", file.toString());
    assertEquals(2, out.exitCode(), out.toString());
    assertEquals(List.of("config: " + file + ": routes.cpu.strategy: unknown strategy \"worker-pol\" (one of "
        + "event-loop, execute-blocking, worker-pool, worker-verticle, virtual-thread, cluster)"), out.stderr());
  }

  @Test
  void aMissingConfigAndTheLauncherSpellingToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("absent.json");
    Outcome out = run("-conf", file.toString());
    assertEquals(2, out.exitCode(), out.toString());
    assertEquals(List.of("config: " + file + ": no such file"), out.stderr());
  }

  @Test
  void unknownArgumentsAreRefusedAndHelpListsTheCommands() throws Exception {
    Outcome bad = run("--confg", "x.json");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.stderr().get(0).contains("unknown argument \"--confg\""), bad.toString());
    Outcome help = run("--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.stdout().get(0).startsWith("usage: java -jar offload.jar [serve|worker|compare]"), help.toString());
  }

  @Test
  void aWorkerNeedsAClusterAndAnExportedPoolAndBadClusterKeysAreNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("worker.json");
    Files.writeString(file, "{\"pools\": {\"io\": {\"size\": 2}}}");
    Outcome noCluster = run("worker", "--config", file.toString());
    assertEquals(2, noCluster.exitCode(), noCluster.toString());
    assertEquals(List.of("config: " + file + ": cluster: missing (a worker joins a cluster: give at least "
        + "cluster.members)"), noCluster.stderr());
    Files.writeString(file, "{\"cluster\": {}, \"pools\": {\"io\": {\"size\": 2}}}");
    Outcome noExport = run("worker", "--config", file.toString());
    assertEquals(2, noExport.exitCode(), noExport.toString());
    assertEquals(List.of("config: " + file + ": pools: a worker needs at least one pool with \"exported\": true"),
        noExport.stderr());
    Files.writeString(file, "{\"cluster\": {\"members\": [\"10.0.0.1:99999\"]}}");
    Outcome badMember = run("serve", "--config", file.toString());
    assertEquals(2, badMember.exitCode(), badMember.toString());
    assertEquals(List.of("config: " + file + ": cluster.members[0]: port must be 1..65535, got \"10.0.0.1:99999\""),
        badMember.stderr());
    Outcome noFile = run("worker");
    assertEquals(2, noFile.exitCode(), noFile.toString());
    Files.writeString(file, "{\"cluster\": {}, \"pools\": {\"io\": {\"size\": 2, \"exported\": true}}, "
        + "\"routes\": {\"sleep\": {\"strategy\": \"worker-pool\", \"pool\": \"io\"}}}");
    Outcome withRoutes = run("worker", "--config", file.toString());
    assertEquals(2, withRoutes.exitCode(), withRoutes.toString());
    assertEquals(List.of("config: " + file + ": routes: a worker serves no /work, so its routes would do nothing "
        + "(sleep): remove them, or start it with serve"), withRoutes.stderr());
  }

  @Test
  void aClusterOrBusPortInUseEndsWithExitCode2NamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.json");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      for (String key : List.of("port", "busPort")) {
        Files.writeString(file, "{\"http\": {\"port\": " + TestService.freePort() + "}, \"cluster\": {\""
            + key + "\": " + port + (key.equals("busPort") ? ", \"port\": " + TestService.freePort() : "") + "}}");
        Outcome inUse = run("serve", "--config", file.toString());
        assertEquals(2, inUse.exitCode(), inUse.toString());
        assertEquals(1, inUse.stderr().size(), inUse.toString());
        assertTrue(inUse.stderr().get(0).startsWith("config: " + file + ": cluster." + key + ": 127.0.0.1:" + port
            + " cannot be bound"), inUse.toString());
      }
    }
  }

  @Test
  void serveStartsAndAnswers(@TempDir Path dir) throws Exception {
    int port = TestService.freePort();
    Path file = dir.resolve("config.json");
    Files.writeString(file, TestService.config(2)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 2))
        .put("shutdown", new JsonObject().put("graceMs", 100).put("timeoutMs", 1000)).encode());
    ChildJvm jvm = ChildJvm.start(out, "serve", "--config", file.toString());
    Process child = jvm.process();
    try {
      HttpClient http = HttpClient.newHttpClient();
      ChildJvm.awaitStats(port, "\"pid\"");
      jvm.awaitStdoutLine("offload: serving on http://127.0.0.1:" + port);
      assertEquals(1, stdout().size(), "one line while serving: " + stdout());
      HttpResponse<String> health = http.send(request(port, "/health"), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("{\"status\":\"up\"}", health.body());
    } finally {
      child.destroy();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child stopped on SIGTERM");
    }
    assertEquals(0, child.exitValue(), "a drained stop exits 0");
  }

  @Test
  void sigtermDrainsAnswersEveryInFlightRequestAndExits0(@TempDir Path dir) throws Exception {
    int port = TestService.freePort();
    Path file = dir.resolve("config.json");
    // One thread, five 1-second sleeps: at SIGTERM one runs and four wait. 1 s of grace, then 2 s for the
    // rest: some finish (200), the others are answered 503 draining. None may be left without an answer.
    Files.writeString(file, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 2))
        .put("pools", new JsonObject().put("io", new JsonObject().put("size", 1).put("maxQueue", 10)
            .put("maxQueueWaitMs", 30_000)))
        .put("routes", new JsonObject().put("sleep", new JsonObject().put("strategy", "worker-pool").put("pool", "io")))
        .put("shutdown", new JsonObject().put("graceMs", 1000).put("timeoutMs", 2000)).encode());
    Process child = start("serve", "--config", file.toString());
    // HTTP/1.1, one connection per request, as a load balancer sends them (the service has no cleartext HTTP/2).
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ChildJvm.awaitStats(port, "\"running\":0");
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> work = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      work.add(http.sendAsync(request(port, "/work/sleep?ms=1000"), HttpResponse.BodyHandlers.ofString()));
    }
    ChildJvm.awaitStats(port, "\"running\":1,\"queued\":4");
    child.destroy();
    // The signal takes a moment to reach the JVM's shutdown hook; the grace period is far longer.
    HttpResponse<String> ready = http.send(request(port, "/ready"), HttpResponse.BodyHandlers.ofString());
    for (int i = 0; i < 50 && ready.statusCode() == 200; i++) {
      Thread.sleep(10);
      ready = http.send(request(port, "/ready"), HttpResponse.BodyHandlers.ofString());
    }
    assertEquals(503, ready.statusCode(), "not ready while draining");
    assertEquals("{\"ready\":false,\"reason\":\"draining\"}", ready.body());
    int ok = 0;
    int draining = 0;
    for (java.util.concurrent.CompletableFuture<HttpResponse<String>> f : work) {
      HttpResponse<String> response = f.get(30, TimeUnit.SECONDS);
      if (response.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("draining", new JsonObject(response.body()).getString("error"));
        draining++;
      }
    }
    assertTrue(ok >= 1 && draining >= 1, ok + " finished, " + draining + " drained");
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");
    assertEquals(0, child.exitValue());
    List<String> rest = stdout();
    assertTrue(rest.get(0).startsWith("offload: serving"), rest.toString());
    assertTrue(rest.get(rest.size() - 1).startsWith("offload: stopped after "), rest.toString());
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }



  private Outcome run(String... args) throws Exception {
    Process child = start(args);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
    return new Outcome(child.exitValue(), stdout(), stderr());
  }

  private List<String> stdout() throws IOException {
    return Files.readAllLines(out.resolve("stdout.txt"), StandardCharsets.UTF_8);
  }

  private List<String> stderr() throws IOException {
    return Files.readAllLines(out.resolve("stderr.txt"), StandardCharsets.UTF_8);
  }

  private Process start(String... args) throws IOException {
    return ChildJvm.start(out, args).process();
  }
}
