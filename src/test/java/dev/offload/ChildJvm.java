package dev.offload;

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

/**
 * offload's Main in a child JVM with a heap cap, its output in files of a folder: tests that need a real process (a
 * signal, an exit code) start it here. Files, not pipes: on recent JDKs a pipe being read when the child is reaped
 * can be closed under the reader ("Stream closed").
 */
final class ChildJvm {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Process process;
  private final Path dir;

  private ChildJvm(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  static ChildJvm start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.addAll(JvmFlags.forChildJvm());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    return new ChildJvm(process, dir);
  }

  Process process() {
    return process;
  }

  List<String> stdout() throws IOException {
    return Files.readAllLines(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
  }

  List<String> stderr() throws IOException {
    return Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
  }

  /**
   * Waits until the child has printed a line starting with {@code prefix}: the port may accept before Main prints
   * its "serving" line, so a test that reads that line right after a first answer would race it.
   */
  String awaitStdoutLine(String prefix) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<String> lines = stdout();
    while (System.nanoTime() < giveUp) {
      lines = stdout();
      for (String line : lines) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the child never printed a line starting with " + prefix + ": " + lines);
  }

  /** The /stats of a node on {@code port}, once. */
  static io.vertx.core.json.JsonObject stats(int port) throws Exception {
    return new io.vertx.core.json.JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Polls the child's /stats until its text contains {@code fragment} (the pool JSON is compact). */
  static void awaitStats(int port, String fragment) throws Exception {
    awaitStats(port, fragment, 20);
  }

  /** As {@link #awaitStats(int, String)}, for up to {@code seconds}. */
  static void awaitStats(int port, String fragment, int seconds) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "";
    while (System.nanoTime() < giveUp) {
      try {
        last = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException notListeningYet) {
        last = notListeningYet.toString();
      }
      if (last.contains(fragment)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("stats never showed " + fragment + ": " + last);
  }
}
