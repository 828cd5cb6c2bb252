package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.json, report.md and report.html into the report folder. */
final class ReportWriter {
  private ReportWriter() {
  }

  static void write(JsonObject report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), report.encodePrettily(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.md"), TextReport.markdown(report), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
  }
}
