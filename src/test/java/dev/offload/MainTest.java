package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
        + "event-loop, execute-blocking, worker-pool, worker-verticle, virtual-thread)"), out.stderr());
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
    assertTrue(help.stdout().get(0).startsWith("usage: java -jar offload.jar [serve|compare]"), help.toString());
  }

  @Test
  void serveStartsAndAnswers(@TempDir Path dir) throws Exception {
    int port = TestService.freePort();
    Path file = dir.resolve("config.json");
    Files.writeString(file, TestService.config(2).put("http",
        new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 2)).encode());
    Process child = start("serve", "--config", file.toString());
    try (BufferedReader stdout = reader(child)) {
      String line = stdout.readLine();
      assertTrue(line != null && line.startsWith("offload: serving on http://127.0.0.1:" + port), "got " + line);
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("{\"status\":\"up\"}", health.body());
    } finally {
      child.destroy();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child stopped on SIGTERM");
    }
  }

  private static Outcome run(String... args) throws Exception {
    Process child = start(args);
    List<String> stdout = lines(reader(child));
    List<String> stderr = lines(new BufferedReader(
        new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8)));
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
    return new Outcome(child.exitValue(), stdout, stderr);
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static BufferedReader reader(Process child) {
    return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }

  private static List<String> lines(BufferedReader reader) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      out.add(line);
    }
    return out;
  }
}
