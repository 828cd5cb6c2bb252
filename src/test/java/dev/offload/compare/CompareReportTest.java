package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The suite's full comparison ({@link KnownAnswersRun}: a child JVM per strategy, plus an external target), its report
 * checked: every strategy there, every request counted, every burst request described, every chart drawn.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CompareReportTest {

  @Test
  void aComparisonWritesACompleteReport() throws Exception {
    CompareRun run = KnownAnswersRun.get();
    JsonObject spec = KnownAnswersRun.ranSpec();
    JsonObject report = run.report();
    checkJson(report, spec);
    checkHtml(run.out().resolve("report.html"), report);
    String md = Files.readString(run.out().resolve("report.md"));
    assertTrue(md.startsWith("# offload compare report"), md);
    for (Object s : spec.getJsonArray("strategies")) {
      String name = ((JsonObject) s).getString("name");
      assertTrue(run.terminal().contains(name), "terminal table shows " + name);
      assertTrue(md.contains("## " + name), "report.md has a section for " + name);
    }
  }

  private static void checkJson(JsonObject report, JsonObject spec) {
    assertNotNull(report.getString("jdk"));
    assertEquals(Runtime.getRuntime().availableProcessors(), report.getInteger("cores"));
    assertNotNull(report.getString("offloadVersion"));
    JsonArray strategies = report.getJsonArray("strategies");
    assertEquals(spec.getJsonArray("strategies").size(), strategies.size(), "every strategy present");
    Set<String> scenarios = new HashSet<>();
    spec.getJsonArray("scenarios").forEach(s -> scenarios.add(((JsonObject) s).getString("name")));
    for (int i = 0; i < strategies.size(); i++) {
      JsonObject s = strategies.getJsonObject(i);
      assertEquals(spec.getJsonArray("strategies").getJsonObject(i).getString("name"), s.getString("name"));
      if (s.getString("name").equals("virtual-thread") && Runtime.version().feature() < 21) {
        assertEquals("failed", s.getString("status"), s.encode());
        assertTrue(s.getString("error").contains("Java 21"), s.getString("error"));
        continue;
      }
      assertEquals("ok", s.getString("status"), s.encode());
      if (!s.getBoolean("external")) {
        assertNotNull(s.getJsonObject("config"), "the config used is in the report");
        assertTrue(s.getDouble("peakRssMib") > 0, s.getString("name"));
      }
      JsonObject results = s.getJsonObject("results");
      assertEquals(scenarios, results.fieldNames(), s.getString("name"));
      for (String name : results.fieldNames()) {
        JsonObject r = results.getJsonObject(name);
        String label = s.getString("name") + "/" + name + ": " + r.encode();
        assertFalse(r.containsKey("failed") || r.containsKey("skipped"), label);
        JsonObject st = r.getJsonObject("status");
        long answered = st.getLong("2xx") + st.getLong("503") + st.getLong("504") + st.getLong("other")
            + st.getLong("errors");
        assertEquals(sent(r), answered, "status counts add up to requests sent: " + label);
        assertTrue(st.getLong("2xx") > 0, label);
        assertNotNull(r.getJsonObject("probe"), label);
        assertTrue(r.getJsonObject("probe").getLong("requests") > 0, label);
        if (!s.getBoolean("external")) {
          assertNotNull(r.getJsonObject("requestsPerInstance"), label);
          assertNotNull(r.getValue("coresBusy"), label);
        }
        if (name.startsWith("burst")) {
          JsonArray requests = r.getJsonArray("requests");
          assertEquals(r.getLong("sent"), (long) requests.size(), label);
          for (Object o : requests) {
            JsonObject one = (JsonObject) o;
            assertEquals(200, one.getInteger("status"), label);
            assertNotNull(one.getDouble("latencyMs"), label);
            if (!s.getBoolean("external")) {
              assertNotNull(one.getInteger("instance"), label);
              assertNotNull(one.getString("thread"), label);
            }
          }
        }
        if (name.equals("rate-sleep") && !s.getBoolean("external")) {
          // Little's law at 50 ms: 2 instances or 2 threads allow 40/s; the others take all 100/s offered.
          boolean two = Set.of("event-loop", "execute-blocking-ordered", "small-pool").contains(s.getString("name"));
          assertEquals(two ? 40.0 : 100.0, r.getDouble("predictedPerSecond"), label);
        }
        if (name.startsWith("ramp")) {
          assertFalse(r.getJsonArray("steps").isEmpty(), label);
        }
        if (name.equals("mix")) {
          assertEquals(2, r.getJsonArray("parts").size(), label);
        }
      }
    }
  }

  private static long sent(JsonObject r) {
    if (r.containsKey("parts")) {
      long total = 0;
      for (Object p : r.getJsonArray("parts")) {
        total += ((JsonObject) p).getLong("sent");
      }
      return total;
    }
    return r.getLong("sent");
  }

  private static void checkHtml(Path html, JsonObject report) throws Exception {
    String text = Files.readString(html);
    assertFalse(text.contains("<script src") || text.contains("<link"), "scripts and styles inline, none fetched");
    assertFalse(text.contains("http://") && text.replace("http://www.w3.org/", "").contains("http://"),
        "nothing loaded from elsewhere");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc = factory.newDocumentBuilder().parse(html.toFile());
    NodeList svgs = doc.getElementsByTagNameNS("*", "svg");
    Set<String> charts = new HashSet<>();
    for (int i = 0; i < svgs.getLength(); i++) {
      Element svg = (Element) svgs.item(i);
      charts.add(svg.getAttribute("data-metric") + "/" + svg.getAttribute("data-scenario"));
      assertTrue(svg.getElementsByTagNameNS("*", "rect").getLength() > 0, "bars in " + svg.getAttribute("data-metric"));
    }
    for (Object o : report.getJsonArray("scenarios")) {
      String scenario = ((JsonObject) o).getString("name");
      for (String metric : new String[] {"latency", "throughput", "probe", "instances"}) {
        assertTrue(charts.contains(metric + "/" + scenario), "a " + metric + " chart for " + scenario + ": " + charts);
      }
    }
    // The charts the page's script draws, each with its table of numbers (the browser test checks the drawing).
    NodeList figures = doc.getElementsByTagNameNS("*", "figure");
    Set<String> timeCharts = new HashSet<>();
    for (int i = 0; i < figures.getLength(); i++) {
      Element figure = (Element) figures.item(i);
      timeCharts.add(figure.getAttribute("data-kind") + "/" + figure.getAttribute("data-scenario"));
      assertTrue(figure.getElementsByTagNameNS("*", "tr").getLength() > 2, "a table of numbers beside "
          + figure.getAttribute("data-chart-id"));
    }
    for (String expected : new String[] {"burst-requests/burst-cpu", "burst-requests/burst-sleep",
        "throughput-time/rate-sleep",
        "latency-time/rate-sleep", "pools-time/rate-sleep", "probe-time/rate-sleep", "percentiles/rate-sleep",
        "ramp-p99/ramp-cpu", "ramp-goodput/ramp-cpu", "throughput-time/mix"}) {
      assertTrue(timeCharts.contains(expected), expected + " in " + timeCharts);
    }
  }
}
