package dev.offload.compare;

import dev.offload.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** {@code compare --config FILE [--out DIR]}: runs the comparison and writes the report; returns an exit code. */
public final class CompareCommand {
  private CompareCommand() {
  }

  /**
   * @param outDir where the report folder goes; null for {@code reports/<timestamp>}
   * @param launcher starts the child JVMs that serve each strategy
   * @return 0 when the report was written, 1 when it was but an expected verdict (the file's {@code expect}) did
   *     not come out right, 2 for a bad compare file
   */
  public static int run(Path file, Path outDir, ServiceLauncher launcher, PrintStream out, PrintStream err) throws Exception {
    CompareSpec spec;
    try {
      spec = CompareSpecParser.load(file);
    } catch (ConfigException e) {
      err.println("compare: " + file + ": " + e.getMessage());
      return 2;
    }
    Path dir = outDir != null ? outDir
        : Path.of("reports", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    java.nio.file.Files.createDirectories(dir);
    CompareRunner runner = new CompareRunner(spec, dir, launcher, err);
    err.printf("compare: %d strategies x %d scenarios, about %.0f s; report in %s%n", spec.entries().size(),
        spec.scenarios().size(), runner.estimateSeconds(), dir);
    JsonObject report = runner.run().put("compareFile", file.toString());
    ReportWriter.write(report, dir);
    out.print(TextReport.terminal(report));
    out.println("report: " + dir.resolve("report.md") + ", " + dir.resolve("report.json") + ", "
        + dir.resolve("report.html")
        + (java.nio.file.Files.exists(dir.resolve(ReportWriter.FILE)) ? ", " + dir.resolve(ReportWriter.FILE) : ""));
    JsonObject expectations = report.getJsonObject("expectations");
    if (expectations != null && !expectations.getInteger("met").equals(expectations.getInteger("total"))) {
      err.println("compare: " + (expectations.getInteger("total") - expectations.getInteger("met"))
          + " expected verdict(s) did not come out right (see the report's Expected verdicts)");
      return 1;
    }
    return 0;
  }
}
