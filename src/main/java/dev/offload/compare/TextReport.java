package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The comparison as a terminal table and as a Markdown page. */
final class TextReport {
  /** How to read the verdicts, under them in report.md and report.html. */
  static final String VERDICT_NOTE = "Per scenario and figure: the best group holds every strategy that cannot be "
      + "told from the best (the ratio's interval reaches within 5% of 1, or a latency differs by under 1 ms). "
      + "Each other strategy is given as its ratio to the best with a bootstrap interval from each request's latency "
      + "(each second's throughput; a ramp's capacity from the rounds alone), the rounds resampled too when there "
      + "are several, at 95% corrected for the comparisons made (Bonferroni). AVOID: a latency at least 2× the "
      + "best's (and 5 ms more), or at most half its throughput, at the interval's near end. A ramp is judged on its "
      + "capacity only. Method: docs/compare.md, Verdicts.";
  private TextReport() {
  }

  static String terminal(JsonObject report) {
    List<List<String>> rows = Rows.of(report);
    int[] width = new int[Rows.HEADER.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = Rows.HEADER.get(i).length();
      for (List<String> row : rows) {
        if (measured(row)) {
          width[i] = Math.max(width[i], row.get(i).length());
        }
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, Rows.HEADER, width);
    for (List<String> row : rows) {
      if (measured(row)) {
        appendRow(out, row, width);
      } else {
        // A failed or skipped row is one message, not a row of numbers.
        out.append(pad(row.get(0), width[0])).append("  ").append(row.get(1)).append('\n');
      }
    }
    if (rows.stream().anyMatch(row -> row.get(2).endsWith("*"))) {
      out.append("* the load generator fell behind its schedule in that run: its numbers partly measure the"
          + " generator\n");
    }
    for (String failed : Summaries.failedRounds(report)) {
      out.append(failed).append('\n');
    }
    if (report.getInteger("repeat", 1) > 1) {
      out.append("ok/s, p50, p99 and probe p99 are medians of ").append(report.getInteger("repeat"))
          .append(" rounds\n");
    }
    out.append("verdicts (best group: cannot be told from the best; intervals from each request, see report.md):\n");
    for (List<String> row : VerdictText.rows(report)) {
      out.append("  ").append(row.get(0)).append(" ").append(row.get(1)).append(": best ").append(row.get(2))
          .append(row.get(3).equals("-") ? "" : "; worse: " + row.get(3)).append('\n');
    }
    for (String line : Expectations.lines(report)) {
      out.append(line).append('\n');
    }
    out.append(VerdictText.RECOMMENDED_INTRO).append('\n');
    for (String line : VerdictText.recommendations(report)) {
      out.append("  ").append(line).append('\n');
    }
    return out.toString();
  }

  private static boolean measured(List<String> row) {
    return !row.get(2).isEmpty();
  }

  private static void appendRow(StringBuilder out, List<String> row, int[] width) {
    for (int i = 0; i < row.size(); i++) {
      out.append(i < 2 ? pad(row.get(i), width[i]) : padLeft(row.get(i), width[i])).append(i + 1 < row.size() ? "  " : "");
    }
    out.append('\n');
  }

  static String markdown(JsonObject report) {
    StringBuilder md = new StringBuilder();
    md.append("# offload compare report\n\n");
    md.append("- created: ").append(report.getString("createdAt")).append('\n');
    md.append("- offload: ").append(report.getString("offloadVersion")).append("; JDK: ")
        .append(report.getString("jdk")).append("; cores: ").append(report.getInteger("cores")).append('\n');
    md.append("- mode: ").append(report.getString("mode")).append("; warm-up ")
        .append(Rows.num(report.getValue("warmupSeconds"))).append(" s per strategy; probe GET /health at ")
        .append(Rows.num(report.getValue("probeRatePerSecond"))).append("/s during every scenario\n");
    if (report.getInteger("repeat", 1) > 1) {
      md.append("- rounds: ").append(report.getInteger("repeat")).append(", the strategies' order rotated each round;"
          + " ok/s, p50, p99, probe p99 and a ramp's capacity are medians over the rounds, the other columns those of"
          + " the round whose p99 is the median\n");
    }
    for (String failed : Summaries.failedRounds(report)) {
      md.append("- ").append(failed).append('\n');
    }
    if (report.getJsonObject("calibrate") != null) {
      md.append("- calibrated: the `").append(report.getJsonObject("calibrate").getString("param"))
          .append("` of every load on route `").append(report.getJsonObject("calibrate").getString("route"))
          .append("` is each strategy's own (see Calibration), not the value the scenarios below give\n");
    }
    md.append("- took ").append(Rows.num(report.getValue("elapsedSeconds"))).append(" s\n\n");
    md.append("## Verdict\n\n").append(VerdictText.RECOMMENDED_INTRO).append("\n\n");
    for (String line : VerdictText.recommendations(report)) {
      md.append("- ").append(line).append('\n');
    }
    md.append("\nTo avoid:\n\n");
    for (String line : VerdictText.avoidOrNone(report)) {
      md.append("- ").append(line).append('\n');
    }
    md.append('\n').append(VERDICT_NOTE).append("\n\n");
    table(md, VerdictText.HEADER, VerdictText.rows(report));
    md.append('\n');
    if (report.containsKey("expectations")) {
      md.append("## Expected verdicts\n\n").append(Expectations.lines(report).get(0)).append(".\n\n");
      table(md, Expectations.HEADER, Expectations.rows(report));
      md.append('\n');
    }
    md.append("## Scenarios\n\n");
    for (Object o : report.getJsonArray("scenarios")) {
      md.append("- `").append(((JsonObject) o).getString("name")).append("`: ").append(((JsonObject) o).encode())
          .append('\n');
    }
    md.append("\n## Results\n\n");
    table(md, Rows.HEADER, Rows.of(report));
    md.append("\nLatency is of 2xx answers, from each request's scheduled send time (open loop). `probe p99` is the "
        + "p99 of `/health` during the scenario: how responsive the event loops stayed. `inst max/min` is the "
        + "spread of work requests over the HTTP instances. `cores` is CPU the service used (cores busy), `effic.` "
        + "the work's own service time ÷ (wall time × cores): for CPU work, near `cores` ÷ cores-of-the-machine "
        + "when the pool is busy; above 1 when tasks share cores by time-slicing (each one's service time "
        + "stretches) or when the work is a wait, as sleep is. `predicted/s` is Little's law for sleep workloads: "
        + "min(offered, concurrency ÷ sleep time). A `*` after ok/s marks a run where the load generator fell behind its "
        + "own schedule (p99 schedule lag of the scenario's load over 5 ms; waits for a connection and the probe's "
        + "own lag are in the generator table below, apart): its numbers partly measure the generator.\n");
    section(md, "Spread over the rounds", "Each figure's median [min–max] over the rounds, and the bootstrap 95% "
        + "interval of the median (ci) from 5 rounds. The main table shows the medians.", Summaries.SPREAD_HEADER,
        Summaries.spread(report));
    section(md, "Calibration", "The value each strategy or target got so that one request alone takes about the "
        + "target time there, and that request's measured time (median of 20).", Summaries.CALIBRATION_HEADER,
        Summaries.calibration(report));
    section(md, "The load generator", "Schedule lag: how late the generator got to a request against its schedule "
        + "(its own health; over 5 ms p99 marks the row with *). Connection wait: how long the request then waited "
        + "for a connection, which a server slow to accept makes. The probe's own figures are apart.",
        Summaries.GENERATOR_HEADER, Summaries.generator(report));
    details(md, report);
    return md.toString();
  }

  /** A titled table, left out when it has no rows. */
  private static void section(StringBuilder md, String title, String note, List<String> header,
      List<List<String>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append("\n## ").append(title).append("\n\n").append(note).append("\n\n");
    table(md, header, rows);
  }

  private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
    md.append('|').append(String.join("|", header)).append("|\n|").append("---|".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      md.append('|').append(String.join("|", row).replace("\n", " ")).append("|\n");
    }
  }

  private static void details(StringBuilder md, JsonObject report) {
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject s = (JsonObject) o;
      md.append("\n## ").append(s.getString("name")).append("\n\n");
      if (!"ok".equals(s.getString("status"))) {
        md.append("Failed: ").append(s.getString("error")).append("\n\n```\n");
        for (Object line : s.getJsonArray("logTail", new JsonArray())) {
          md.append(line).append('\n');
        }
        md.append("```\n");
        continue;
      }
      if (s.containsKey("config")) {
        md.append("Routes: `").append(s.getJsonObject("config").getJsonObject("routes", new JsonObject()).encode())
            .append("`\n\n");
      }
      if (s.containsKey("workerNodes")) {
        // The RSS column above is the front's; the work ran on these.
        md.append("Worker nodes (").append(s.getInteger("workers")).append(", pools `")
            .append(s.getJsonObject("workerConfig").getJsonObject("pools", new JsonObject()).encode())
            .append("`): peak RSS");
        for (Object n : s.getJsonArray("workerNodes")) {
          md.append(' ').append(Rows.num(((JsonObject) n).getValue("peakRssMib"))).append(" MiB");
        }
        md.append(".\n\n");
      }
      JsonObject results = s.getJsonObject("results");
      for (String name : results.fieldNames()) {
        JsonObject r = results.getJsonObject(name);
        if (r.containsKey("requests")) {
          md.append("Burst `").append(name).append("`: spread ").append(Rows.num(r.getValue("spreadMs")))
              .append(" ms between the first and the last answer.");
          JsonObject perProcess = r.getJsonObject("perProcess");
          if (perProcess != null && !perProcess.isEmpty()) {
            md.append(" Requests per process (pid: answered): `").append(perProcess.encode()).append("`.");
          }
          md.append("\n\n| request | status | ms | instance | thread |"
                  + " queued ms | service ms |\n|---|---|---|---|---|---|---|\n");
          for (Object q : r.getJsonArray("requests")) {
            JsonObject one = (JsonObject) q;
            md.append('|').append(one.getValue("request")).append('|').append(one.getValue("status")).append('|')
                .append(Rows.num(one.getValue("latencyMs"))).append('|').append(Rows.num(one.getValue("instance")))
                .append('|').append(Rows.num(one.getValue("thread"))).append('|')
                .append(Rows.num(one.getValue("queuedMs"))).append('|').append(Rows.num(one.getValue("serviceMs")))
                .append("|\n");
          }
          md.append('\n');
        }
        if (r.containsKey("steps")) {
          md.append("Ramp `").append(name).append("`: capacity ").append(Rows.num(r.getValue("capacityPerSecond")))
              .append("/s (highest rate with every request answered 2xx and p99 ≤ ")
              .append(Rows.num(r.getValue("targetP99Ms"))).append(" ms): ").append(r.getJsonArray("steps").encode())
              .append("\n\n");
        }
        if (r.containsKey("parts")) {
          md.append("Mix `").append(name).append("` per route: ").append(r.getJsonArray("parts").encode()).append("\n\n");
        }
        if (r.containsKey("requestsPerInstance")) {
          md.append("`").append(name).append("` work requests per instance: ")
              .append(r.getJsonObject("requestsPerInstance").encode()).append("\n\n");
        }
      }
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
