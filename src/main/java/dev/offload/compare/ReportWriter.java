package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.json, report.md, report.html and, where the verdicts make one, recommended-config.json. */
final class ReportWriter {
  static final String FILE = "recommended-config.json";

  private ReportWriter() {
  }

  static void write(JsonObject report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), report.encodePrettily(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.md"), TextReport.markdown(report), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
    JsonObject recommended = report.getJsonObject("recommendedConfig", new JsonObject()).getJsonObject("config");
    if (recommended != null) {
      Files.writeString(dir.resolve(FILE), recommended.encodePrettily() + "\n", StandardCharsets.UTF_8);
    } else {
      // An earlier run's file in the same folder would pass for this run's.
      Files.deleteIfExists(dir.resolve(FILE));
    }
  }
}
