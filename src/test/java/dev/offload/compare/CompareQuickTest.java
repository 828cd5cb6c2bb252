package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.Main;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The shipped quick comparison, run as users run it (a child JVM per strategy), plus an external target; then its
 * report is checked: every strategy there, every request counted, every burst request described, every chart drawn.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CompareQuickTest {

  @Test
  void theQuickComparisonWritesACompleteReport(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    // A stand-in for "the user's current stack": answers /gil after n/1000 ms, and /health at once.
    HttpServer external = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/gil")) {
        long n = Long.parseLong(req.getParam("n"));
        vertx.setTimer(Math.max(1, n / 10_000), id -> req.response().end("{\"ok\":true}"));
      } else if (req.path().equals("/nap")) {
        vertx.setTimer(Math.max(1, Long.parseLong(req.getParam("ms"))), id -> req.response().end("{}"));
      } else {
        req.response().end("{\"status\":\"up\"}");
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      JsonObject quick = new JsonObject(Files.readString(Path.of("conf/compare-quick.json")));
      quick.put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString());
      quick.getJsonArray("strategies").add(new JsonObject().put("name", "external")
          .put("target", new JsonObject().put("url", "http://127.0.0.1:" + external.actualPort())
              .put("paths", new JsonObject().put("cpu", "/gil?n={iterations}").put("sleep", "/nap?ms={ms}")
                  .put("health", "/health"))));
      Path file = dir.resolve("compare.json");
      Files.writeString(file, quick.encodePrettily());
      Path out = dir.resolve("report");
      ByteArrayOutputStream terminal = new ByteArrayOutputStream();
      int status = CompareCommand.run(file, out, new ServiceLauncher(Main.class.getName()), new PrintStream(terminal, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertEquals(0, status, terminal.toString(StandardCharsets.UTF_8));

      JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
      checkJson(report, quick);
      checkHtml(out.resolve("report.html"), report);
      String md = Files.readString(out.resolve("report.md"));
      assertTrue(md.startsWith("# offload compare report"), md);
      for (Object s : quick.getJsonArray("strategies")) {
        String name = ((JsonObject) s).getString("name");
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains(name), "terminal table shows " + name);
        assertTrue(md.contains("## " + name), "report.md has a section for " + name);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void checkJson(JsonObject report, JsonObject quick) {
    assertNotNull(report.getString("jdk"));
    assertEquals(Runtime.getRuntime().availableProcessors(), report.getInteger("cores"));
    assertNotNull(report.getString("offloadVersion"));
    JsonArray strategies = report.getJsonArray("strategies");
    assertEquals(quick.getJsonArray("strategies").size(), strategies.size(), "every strategy present");
    Set<String> scenarios = new HashSet<>();
    quick.getJsonArray("scenarios").forEach(s -> scenarios.add(((JsonObject) s).getString("name")));
    for (int i = 0; i < strategies.size(); i++) {
      JsonObject s = strategies.getJsonObject(i);
      assertEquals(quick.getJsonArray("strategies").getJsonObject(i).getString("name"), s.getString("name"));
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
          assertEquals(100.0, r.getDouble("predictedPerSecond"), label);
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
    for (String expected : new String[] {"burst-requests/burst-cpu", "throughput-time/rate-sleep",
        "latency-time/rate-sleep", "pools-time/rate-sleep", "probe-time/rate-sleep", "percentiles/rate-sleep",
        "ramp-p99/ramp-cpu", "ramp-goodput/ramp-cpu", "throughput-time/mix"}) {
      assertTrue(timeCharts.contains(expected), expected + " in " + timeCharts);
    }
  }
}
