package dev.offload.compare;

import dev.offload.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A compare file written to a folder and run as the CLI runs it: its exit status, terminal and report folder. */
record CompareRun(int status, String terminal, Path out) {

  static CompareRun of(Path dir, JsonObject spec) throws Exception {
    Path file = dir.resolve("compare.json");
    Files.writeString(file, spec.encodePrettily());
    Path out = dir.resolve("report");
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    int status = CompareCommand.run(file, out, new ServiceLauncher(Main.class.getName()), new PrintStream(terminal, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return new CompareRun(status, terminal.toString(StandardCharsets.UTF_8), out);
  }

  JsonObject report() throws Exception {
    return new JsonObject(Files.readString(out.resolve("report.json")));
  }
}
