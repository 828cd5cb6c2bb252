package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.Chromium;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The suite's comparison's report.html ({@link KnownAnswersRun}: six rows, as conf/compare.json has) in a real browser
 * (headless Chromium): every chart drawn with the report's numbers, the verdict first, nothing past the page's edge.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReportBrowserTest {

  @Test
  void everyChartOfTheReportIsDrawnWithItsDataAndTheVerdictComesFirst() throws Exception {
    Chromium.missing().ifPresent(reason -> Assumptions.abort("browser test skipped: " + reason));
    CompareRun run = KnownAnswersRun.get();
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
        boolean pools = figure.getAttribute("data-kind").equals("pools-time");
        // A pool shows only when a sample caught it busy, which short light work may escape: the pool chart has a
        // line for each strategy whose samples did; every other chart one for each of them.
        List<String> expected = pools ? busyPools(report, figure.getAttribute("data-scenario"))
            : List.of("event-loop", "execute-blocking", "small-pool");
        if (expected.isEmpty()) {
          continue;
        }
        assertTrue(Integer.parseInt(figure.getAttribute("data-points")) > 0, id + " has points");
        String header = figure.findElement(By.cssSelector(".numbers table tr")).getText();
        assertTrue(expected.stream().allMatch(header::contains), id + ": " + header + ", expected " + expected);
        assertFalse(figure.findElements(By.cssSelector(".plot canvas")).isEmpty(), id + " is drawn");
        assertTrue(figure.findElement(By.cssSelector(".plot canvas")).getSize().getWidth() > 250, id + " width");
      }
      for (String expected : new String[] {"burst-requests/burst-cpu", "probe-time/rate-sleep",
          "throughput-time/rate-sleep", "latency-time/rate-sleep", "pools-time/rate-sleep", "percentiles/rate-sleep",
          "ramp-p99/ramp-cpu", "ramp-goodput/ramp-cpu", "throughput-time/ramp-cpu", "throughput-time/mix",
          "percentiles/mix"}) {
        assertTrue(kinds.contains(expected), expected + " drawn, among " + kinds);
      }
      // The table beside the percentile chart holds the report's own p99 of each strategy.
      WebElement table = browser.findElement(By.cssSelector(
          "figure[data-chart-id=\"rate-sleep/percentiles\"] .numbers table"));
      for (int s = 0; s < 2; s++) {
        JsonObject curve = report.getJsonArray("strategies").getJsonObject(s).getJsonObject("results")
            .getJsonObject("rate-sleep").getJsonObject("percentiles");
        int p99 = curve.getJsonArray("percentile").getList().indexOf(99.0);
        String cell = table.findElements(By.cssSelector("tr")).get(1 + p99).findElements(By.cssSelector("td"))
            .get(1 + s).getText();
        assertEquals(Rows.num(curve.getJsonArray("ms").getValue(p99)), cell, "p99 of strategy " + s);
      }
      // The verdict opens the page, above the first chart: the recommendations, then the avoid-list and the tiers.
      WebElement verdict = browser.findElement(By.id("verdict"));
      assertTrue(verdict.isDisplayed());
      assertTrue(verdict.findElement(By.id("recommended")).getText().startsWith("cpu: use "), verdict.getText());
      assertTrue(verdict.getText().contains("probe p99") && verdict.getText().contains("best group"), verdict.getText());
      WebElement firstChart = browser.findElement(By.cssSelector("svg[data-metric]"));
      assertTrue(verdict.getLocation().getY() + verdict.getSize().getHeight() <= firstChart.getLocation().getY(),
          "verdict above the first chart");
      // Each scenario's own verdict sits above its first chart.
      for (Object o : report.getJsonArray("scenarios")) {
        String scenario = ((JsonObject) o).getString("name");
        WebElement own = browser.findElement(By.cssSelector(".scenario-verdict[data-scenario=\"" + scenario + "\"]"));
        assertTrue(own.getText().contains(scenario.startsWith("ramp") ? "capacity" : "probe p99"), own.getText());
        WebElement chart = browser.findElement(By.cssSelector("svg[data-scenario=\"" + scenario + "\"]"));
        assertTrue(own.getLocation().getY() + own.getSize().getHeight() <= chart.getLocation().getY(),
            scenario + ": its verdict above its first chart");
      }
      // Six strategies: the per-second tables beside the charts have two columns each; nothing past 1280 px.
      assertEquals(6, report.getJsonArray("strategies").size());
      assertFitsItsPage(browser);
      assertEquals(List.of(), Chromium.consoleErrors(browser), "no errors in the page's console");
    } finally {
      browser.quit();
    }
  }

  /** The strategies whose pools a /stats sample caught busy in the scenario. */
  private static List<String> busyPools(JsonObject report, String scenario) {
    List<String> out = new java.util.ArrayList<>();
    for (Object o : report.getJsonArray("strategies")) {
      JsonObject row = (JsonObject) o;
      JsonObject result = row.getJsonObject("results", new JsonObject()).getJsonObject(scenario, new JsonObject());
      JsonObject timeline = result.getJsonObject("poolTimeline");
      if (timeline != null && !timeline.getJsonObject("pools", new JsonObject()).isEmpty()) {
        out.add(row.getString("name"));
      }
    }
    return out;
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
}
