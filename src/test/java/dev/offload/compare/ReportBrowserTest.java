package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.Chromium;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A quick compare's report.html in a real browser (headless Chromium): every chart drawn, with the report's numbers. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReportBrowserTest {

  @Test
  void everyChartOfAQuickReportIsDrawnWithItsData(@TempDir Path dir) throws Exception {
    Chromium.missing().ifPresent(reason -> Assumptions.abort("browser test skipped: " + reason));
    JsonObject spec = new JsonObject()
        .put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString())
        .put("warmupSeconds", 0.5).put("reuseJvm", true)
        .put("probe", new JsonObject().put("ratePerSecond", 50))
        .put("strategies", new JsonArray()
            .add(strategy("worker-pool", new JsonObject().put("strategy", "worker-pool").put("pool", "cpu"),
                new JsonObject().put("strategy", "worker-pool").put("pool", "io")))
            .add(strategy("execute-blocking", new JsonObject().put("strategy", "execute-blocking"),
                new JsonObject().put("strategy", "execute-blocking"))))
        .put("scenarios", new JsonArray()
            .add(new JsonObject("{\"name\": \"burst\", \"type\": \"burst\", \"route\": \"cpu\","
                + " \"params\": {\"iterations\": 100000}, \"requests\": 4}"))
            .add(new JsonObject("{\"name\": \"rate\", \"type\": \"rate\", \"route\": \"sleep\","
                + " \"params\": {\"ms\": 20}, \"ratePerSecond\": 100, \"seconds\": 3}"))
            .add(new JsonObject("{\"name\": \"ramp\", \"type\": \"ramp\", \"route\": \"cpu\","
                + " \"params\": {\"iterations\": 50000}, \"rates\": [10, 20], \"stepSeconds\": 2, \"targetP99Ms\": 500}"))
            .add(new JsonObject("{\"name\": \"mix\", \"type\": \"mix\", \"seconds\": 2, \"loads\": ["
                + "{\"route\": \"sleep\", \"params\": {\"ms\": 10}, \"ratePerSecond\": 40},"
                + "{\"route\": \"cpu\", \"params\": {\"iterations\": 50000}, \"ratePerSecond\": 10}]}")));
    CompareRun run = CompareRun.of(dir, spec);
    assertEquals(0, run.status(), run.terminal());
    JsonObject report = run.report();

    WebDriver browser = Chromium.start(1280, 1000);
    try {
      browser.get(run.out().resolve("report.html").toUri().toString());
      new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("figure.chart"))
          .stream().allMatch(f -> f.getAttribute("data-points") != null));
      List<WebElement> figures = browser.findElements(By.cssSelector("figure.chart"));
      Set<String> kinds = new HashSet<>();
      for (WebElement figure : figures) {
        String id = figure.getAttribute("data-chart-id");
        kinds.add(figure.getAttribute("data-kind") + "/" + figure.getAttribute("data-scenario"));
        assertTrue(Integer.parseInt(figure.getAttribute("data-points")) > 0, id + " has points");
        String header = figure.findElement(By.cssSelector(".numbers table tr")).getText();
        // A pool shows only when a sample caught it busy, which short light work may escape; the rest show both.
        boolean pools = figure.getAttribute("data-kind").equals("pools-time");
        assertTrue(pools ? header.contains("worker-pool") || header.contains("execute-blocking")
            : header.contains("worker-pool") && header.contains("execute-blocking"), id + ": " + header);
        assertFalse(figure.findElements(By.cssSelector(".plot canvas")).isEmpty(), id + " is drawn");
        assertTrue(figure.findElement(By.cssSelector(".plot canvas")).getSize().getWidth() > 250, id + " width");
      }
      for (String expected : new String[] {"burst-requests/burst", "probe-time/rate", "throughput-time/rate",
          "latency-time/rate", "pools-time/rate", "percentiles/rate", "ramp-p99/ramp", "ramp-goodput/ramp",
          "throughput-time/ramp", "throughput-time/mix", "percentiles/mix"}) {
        assertTrue(kinds.contains(expected), expected + " drawn, among " + kinds);
      }
      // The table beside the percentile chart holds the report's own p99 of each strategy.
      WebElement table = browser.findElement(By.cssSelector("figure[data-chart-id=\"rate/percentiles\"] .numbers table"));
      for (int s = 0; s < 2; s++) {
        JsonObject curve = report.getJsonArray("strategies").getJsonObject(s).getJsonObject("results")
            .getJsonObject("rate").getJsonObject("percentiles");
        int p99 = curve.getJsonArray("percentile").getList().indexOf(99.0);
        String cell = table.findElements(By.cssSelector("tr")).get(1 + p99).findElements(By.cssSelector("td"))
            .get(1 + s).getText();
        assertEquals(Rows.num(curve.getJsonArray("ms").getValue(p99)), cell, "p99 of strategy " + s);
      }
      // The verdict opens the page, above the first chart; and nothing runs past the right edge at 1280 px.
      WebElement verdict = browser.findElement(By.id("verdict"));
      assertTrue(verdict.isDisplayed());
      assertTrue(verdict.getText().contains("probe p99") && verdict.getText().contains("best group"), verdict.getText());
      WebElement firstChart = browser.findElement(By.cssSelector("svg[data-metric]"));
      assertTrue(verdict.getLocation().getY() + verdict.getSize().getHeight() <= firstChart.getLocation().getY(),
          "verdict above the first chart");
      assertFitsItsPage(browser);
      assertEquals(List.of(), Chromium.consoleErrors(browser), "no errors in the page's console");

      // Six strategies, as conf/compare.json has: the per-second tables beside the charts get two columns each.
      JsonObject six = report.copy();
      for (int i = 1; i <= 4; i++) {
        six.getJsonArray("strategies").add(report.getJsonArray("strategies").getJsonObject(i % 2).copy()
            .put("name", "another-strategy-" + i));
      }
      Path wide = dir.resolve("six.html");
      java.nio.file.Files.writeString(wide, HtmlReport.render(six));
      browser.get(wide.toUri().toString());
      new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("figure.chart"))
          .stream().allMatch(f -> f.getAttribute("data-points") != null));
      assertFitsItsPage(browser);
    } finally {
      browser.quit();
    }
  }

  /** Nothing runs past the window's right edge, and no table is cut at its box's edge (to scroll sideways). */
  private static void assertFitsItsPage(WebDriver browser) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
    long clientWidth = ((Number) js.executeScript("return document.documentElement.clientWidth")).longValue();
    assertTrue(scrollWidth <= clientWidth, "no horizontal overflow at 1280 px: " + scrollWidth + " > " + clientWidth);
    Object cut = js.executeScript("return Array.from(document.querySelectorAll('.numbers, .wide'))"
        + ".filter(e => e.scrollWidth > e.clientWidth + 1)"
        + ".map(e => (e.closest('figure') ? e.closest('figure').dataset.chartId : 'table') + ' ' + e.scrollWidth"
        + " + '>' + e.clientWidth)");
    assertEquals(List.of(), cut, "tables cut at 1280 px");
  }

  private static JsonObject strategy(String name, JsonObject cpu, JsonObject sleep) {
    return new JsonObject().put("name", name)
        .put("config", new JsonObject().put("routes", new JsonObject().put("cpu", cpu).put("sleep", sleep)));
  }
}
