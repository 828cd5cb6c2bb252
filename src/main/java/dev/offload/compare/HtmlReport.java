package dev.offload.compare;

import dev.offload.dashboard.WebAssets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison as one self-contained HTML page: SVG bar charts of the headline figures, and charts over time, by
 * percentile and against the offered rate drawn by uPlot, which is inlined with the charts' data, so nothing comes
 * from elsewhere. Every time chart has its numbers in a table beside it. Well-formed XML too (scripts and styles in
 * CDATA sections), so tools (and the tests) can parse it.
 */
final class HtmlReport {
  private static final String[] COLORS = {"#3b6ea8", "#d1495b", "#edae49", "#66a182", "#8d6cab", "#2e4057"};
  private static final int BAR = 18;
  private static final int LABEL = 150;
  private static final int PLOT = 420;

  private HtmlReport() {
  }

  static String render(JsonObject report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<title>offload compare report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;font-size:13px}")
        .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,td:nth-child(2){text-align:left}")
        .append("svg{display:block;margin:0.5em 0 1.5em 0}.note{color:#555;font-size:13px}")
        .append("figure.chart{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start;margin:0 0 1.5em 0}")
        .append("figure.chart figcaption{flex:1 1 100%;font-weight:bold;font-size:14px}")
        // The numbers' basis is their table's own width: beside the chart where it fits, else on a line of its own
        // below it, never cut at the edge (a fixed basis squeezed six strategies' columns into a scrolling box).
        .append(".plot{flex:1 1 560px;min-width:300px}.numbers{flex:1 1 auto;max-width:100%;"
            + "max-height:300px;overflow:auto}.wide{max-width:100%;overflow-x:auto}")
        // Strategy names are long and hyphenated: a column header may break anywhere rather than widen the table.
        .append(".numbers th{overflow-wrap:anywhere}.numbers td,.numbers th{padding:2px 4px}")
        .append("#verdict td,.scenario-verdict td{text-align:left}#verdict li{margin:0.2em 0}")
        .append("</style><style>/*<![CDATA[*/").append(WebAssets.uPlotStyles()).append("/*]]>*/</style>")
        .append("</head><body>\n<h1>offload compare report</h1>\n<p class=\"note\">")
        .append(esc(report.getString("createdAt"))).append(" · offload ").append(esc(report.getString("offloadVersion")))
        .append(" · ").append(esc(report.getString("jdk"))).append(" · ").append(report.getInteger("cores"))
        .append(" cores · ").append(esc(report.getString("mode")))
        .append(report.getInteger("repeat", 1) > 1 ? " · medians of " + report.getInteger("repeat")
            + " rounds, the strategies' order rotated each round; the charts show the round whose p99 is the median"
            : "").append("</p>\n");
    verdict(h, report);
    table(h, Rows.HEADER, Rows.of(report));
    summary(h, "Spread over the rounds", "Median [min–max], and ci: the bootstrap 95% interval of the median.",
        Summaries.SPREAD_HEADER, Summaries.spread(report));
    summary(h, "Calibration", "The value each got so that one request alone takes about the target time.",
        Summaries.CALIBRATION_HEADER, Summaries.calibration(report));
    summary(h, "The load generator", "Schedule lag is the generator's own lateness (over 5 ms p99 marks a row *);"
        + " connection wait is the server's slowness to accept; the probe's are apart.",
        Summaries.GENERATOR_HEADER, Summaries.generator(report));
    List<String> strategies = new ArrayList<>();
    for (Object o : report.getJsonArray("strategies")) {
      strategies.add(((JsonObject) o).getString("name"));
    }
    JsonArray timeCharts = new JsonArray();
    for (Object o : report.getJsonArray("scenarios")) {
      String scenario = ((JsonObject) o).getString("name");
      h.append("<h2 id=\"").append(esc(scenario)).append("\">").append(esc(scenario))
          .append("</h2>\n<p class=\"note\">").append(esc(((JsonObject) o).encode()))
          .append("</p>\n");
      scenarioVerdict(h, report, scenario);
      Map<String, JsonObject> results = results(report, scenario);
      latencyChart(h, scenario, results);
      barChart(h, "throughput", scenario, "completed per second", results, r -> r.getValue("completedPerSecond"));
      barChart(h, "probe", scenario, "probe /health p99 (ms): event-loop responsiveness", results,
          r -> r.getJsonObject("probe") != null ? r.getJsonObject("probe").getValue("p99Ms") : null);
      instancesChart(h, scenario, results);
      for (JsonObject chart : new TimeCharts(scenario, results, strategies).all()) {
        timeChart(h, chart);
        timeCharts.add(chart);
      }
    }
    // Inline, in CDATA so the page stays XML; "<", ">" and "&" in the data are escaped so it cannot end either.
    h.append("<script>//<![CDATA[\n").append(WebAssets.uPlotScript()).append("\n//]]></script>\n")
        .append("<script>//<![CDATA[\nwindow.OFFLOAD_REPORT_CHARTS = ")
        .append(timeCharts.encode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
        .append(";\n").append(WebAssets.own("report/report.js")).append("\n//]]></script>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * The recommendations, the avoid-list, the tiers and any expected verdicts, first on the page: what a reader came
   * for; the tables and charts follow.
   */
  private static void verdict(StringBuilder h, JsonObject report) {
    h.append("<section id=\"verdict\"><h2>Verdict</h2>\n<p>").append(esc(VerdictText.RECOMMENDED_INTRO))
        .append("</p>\n<ul id=\"recommended\">");
    for (String line : VerdictText.recommendations(report)) {
      h.append("<li>").append(esc(line)).append("</li>");
    }
    h.append("</ul>\n<p>To avoid:</p>\n<ul id=\"avoid\">");
    for (String line : VerdictText.avoidOrNone(report)) {
      h.append("<li>").append(esc(line)).append("</li>");
    }
    h.append("</ul>\n<p class=\"note\">").append(esc(TextReport.VERDICT_NOTE)).append("</p>\n");
    table(h, VerdictText.HEADER, VerdictText.rows(report));
    if (report.containsKey("expectations")) {
      h.append("<h3 id=\"expected\">Expected verdicts</h3>\n<p>").append(esc(Expectations.lines(report).get(0)))
          .append(".</p>\n");
      table(h, Expectations.HEADER, Expectations.rows(report));
    }
    h.append("</section>\n");
  }

  /** The scenario's own rows of the tiers, above its charts: the verdict beside what it refers to. */
  private static void scenarioVerdict(StringBuilder h, JsonObject report, String scenario) {
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row : VerdictText.rows(report)) {
      if (row.get(0).equals(scenario)) {
        rows.add(row.subList(1, row.size()));
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    h.append("<div class=\"scenario-verdict\" data-scenario=\"").append(esc(scenario)).append("\">");
    table(h, VerdictText.HEADER.subList(1, VerdictText.HEADER.size()), rows);
    h.append("</div>\n");
  }

  /** The measured results of one scenario by strategy (failed and skipped ones left out). */
  private static Map<String, JsonObject> results(JsonObject report, String scenario) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject s = (JsonObject) o;
      JsonObject r = s.getJsonObject("results") != null ? s.getJsonObject("results").getJsonObject(scenario) : null;
      if (r != null && r.containsKey("latencyMs")) {
        out.put(s.getString("name"), r);
      }
    }
    return out;
  }

  /** A titled table of a summary, left out when it has no rows. */
  private static void summary(StringBuilder h, String title, String note, List<String> header,
      List<List<String>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    h.append("<h3>").append(esc(title)).append("</h3>\n<p class=\"note\">").append(esc(note)).append("</p>\n");
    table(h, header, rows);
  }

  /** A table in a box of the page's width that scrolls sideways when the table is wider (the results have 18 columns). */
  private static void table(StringBuilder h, List<String> header, List<List<String>> rows) {
    h.append("<div class=\"wide\"><table><tr>");
    for (String head : header) {
      h.append("<th>").append(esc(head)).append("</th>");
    }
    h.append("</tr>\n");
    for (List<String> row : rows) {
      h.append("<tr>");
      for (String cell : row) {
        h.append("<td>").append(esc(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table></div>\n");
  }

  private interface Value {
    Object of(JsonObject result);
  }

  private static void barChart(StringBuilder h, String metric, String scenario, String title,
      Map<String, JsonObject> results, Value value) {
    List<String> names = new ArrayList<>(results.keySet());
    List<List<Double>> values = new ArrayList<>();
    for (String name : names) {
      values.add(List.of(number(value.of(results.get(name)))));
    }
    chart(h, metric, scenario, title, names, List.of(""), values);
  }

  private static void latencyChart(StringBuilder h, String scenario, Map<String, JsonObject> results) {
    List<String> names = new ArrayList<>(results.keySet());
    List<String> series = List.of("p50", "p90", "p99", "max");
    List<List<Double>> values = new ArrayList<>();
    for (String name : names) {
      JsonObject lat = results.get(name).getJsonObject("latencyMs");
      List<Double> v = new ArrayList<>();
      for (String p : series) {
        v.add(number(lat.getValue(p)));
      }
      values.add(v);
    }
    chart(h, "latency", scenario, "latency of 2xx answers (ms): p50, p90, p99, max", names, series, values);
  }

  private static void instancesChart(StringBuilder h, String scenario, Map<String, JsonObject> results) {
    List<String> names = new ArrayList<>();
    int instances = 0;
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonObject per = e.getValue().getJsonObject("requestsPerInstance");
      if (per != null) {
        names.add(e.getKey());
        for (String id : per.fieldNames()) {
          instances = Math.max(instances, Integer.parseInt(id) + 1);
        }
      }
    }
    List<String> series = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      series.add("instance " + i);
    }
    List<List<Double>> values = new ArrayList<>();
    for (String name : names) {
      JsonObject per = results.get(name).getJsonObject("requestsPerInstance");
      List<Double> v = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        v.add(number(per.getValue(Integer.toString(i))));
      }
      values.add(v);
    }
    chart(h, "instances", scenario, "work requests per HTTP instance", names, series, values);
  }

  /** Horizontal grouped bars: a group per strategy, a bar per series, each labelled with its value. */
  private static void chart(StringBuilder h, String metric, String scenario, String title, List<String> groups,
      List<String> series, List<List<Double>> values) {
    double max = 0;
    for (List<Double> v : values) {
      for (Double d : v) {
        max = Math.max(max, d == null ? 0 : d);
      }
    }
    int groupHeight = series.size() * BAR + 10;
    int height = 30 + Math.max(1, groups.size()) * groupHeight + (series.size() > 1 ? 20 : 0);
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL + PLOT + 90).append("\" height=\"")
        .append(height).append("\" data-metric=\"").append(esc(metric)).append("\" data-scenario=\"")
        .append(esc(scenario)).append("\" role=\"img\"><title>").append(esc(title)).append("</title>")
        .append("<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">").append(esc(title)).append("</text>");
    if (groups.isEmpty()) {
      h.append("<text x=\"0\" y=\"40\" font-size=\"12\">no measured strategy</text>");
    }
    for (int g = 0; g < groups.size(); g++) {
      int top = 30 + g * groupHeight;
      h.append("<text x=\"0\" y=\"").append(top + groupHeight / 2).append("\" font-size=\"12\">")
          .append(esc(groups.get(g))).append("</text>");
      for (int s = 0; s < series.size(); s++) {
        Double v = values.get(g).get(s);
        int width = v == null || max == 0 ? 0 : (int) Math.round(v / max * PLOT);
        int y = top + s * BAR;
        h.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y).append("\" width=\"").append(width)
            .append("\" height=\"").append(BAR - 3).append("\" fill=\"").append(COLORS[s % COLORS.length])
            .append("\"><title>").append(esc(groups.get(g) + " " + series.get(s) + ": " + Rows.num(v)))
            .append("</title></rect><text x=\"").append(LABEL + width + 4).append("\" y=\"").append(y + BAR - 6)
            .append("\" font-size=\"11\">").append(esc((series.size() > 1 ? series.get(s) + " " : "") + Rows.num(v)))
            .append("</text>");
      }
    }
    h.append("</svg>\n");
  }

  /** A chart drawn by the page's script, and its numbers as a table beside it (a row per x value). */
  private static void timeChart(StringBuilder h, JsonObject chart) {
    h.append("<figure class=\"chart\" data-chart-id=\"").append(esc(chart.getString("id")))
        .append("\" data-kind=\"").append(esc(chart.getString("kind"))).append("\" data-scenario=\"")
        .append(esc(chart.getString("scenario"))).append("\"><figcaption>").append(esc(chart.getString("title")))
        .append("</figcaption><div class=\"plot\"></div><div class=\"numbers\"><table><tr><th>")
        .append(esc(chart.getString("xLabel"))).append("</th>");
    JsonArray series = chart.getJsonArray("series");
    for (Object s : series) {
      h.append("<th>").append(esc(((JsonObject) s).getString("label"))).append("</th>");
    }
    h.append("</tr>");
    JsonArray data = chart.getJsonArray("data");
    boolean percentile = "percentile".equals(chart.getString("xKind"));
    for (int row = 0; row < data.getJsonArray(0).size(); row++) {
      h.append("<tr><td>").append(percentile ? "p" : "").append(esc(Rows.num(data.getJsonArray(0).getValue(row))))
          .append("</td>");
      for (int col = 1; col < data.size(); col++) {
        h.append("<td>").append(esc(Rows.num(data.getJsonArray(col).getValue(row)))).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    for (Object m : chart.getJsonArray("marks")) {
      h.append("<p class=\"note\">").append(esc(((JsonObject) m).getString("label"))).append(": ")
          .append(esc(Rows.num(((JsonObject) m).getValue("x")))).append("/s</p>");
    }
    h.append("</div></figure>\n");
  }

  private static Double number(Object v) {
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    // Control characters other than tab and newline are not allowed in XML at all, escaped or not.
    return s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?")
        .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
