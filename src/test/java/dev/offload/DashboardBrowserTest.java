package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real browser (headless Chromium): it loads clean, its charts grow under load, it shows /stats. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class DashboardBrowserTest {
  private final TestService service = new TestService();
  private WebDriver browser;

  @BeforeEach
  void needsChromium() {
    Chromium.missing().ifPresent(reason -> Assumptions.abort("browser test skipped: " + reason));
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    service.close();
  }

  private static JsonObject config() {
    JsonObject config = TestService.config(2);
    config.getJsonObject("routes").put("sleep", TestService.route("worker-pool").put("pool", "io"));
    return config;
  }

  @Test
  void underLoadTheChartsGrowAndShowWhatStatsShows(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(16));
    OffloadServer server = await(service.start(config()));
    int port = server.port();
    browser = Chromium.start(1280, 1000);
    browser.get("http://127.0.0.1:" + port + "/dashboard");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> "live".equals(d.findElement(By.id("stream")).getAttribute("data-state")));
    wait.until(d -> points(d, "pool:io") >= 1);
    int before = points(browser, "pool:io");

    // About 4 s of sleeps, 16 at a time on a pool of 8: the io pool runs 8 and queues the rest.
    List<Future<Http.Reply>> load = new ArrayList<>();
    for (int i = 0; i < 320; i++) {
      load.add(Http.get(client, port, "/work/sleep?ms=100"));
    }
    wait.until(d -> number(d, "pool:io", "running") == 8);
    wait.until(d -> number(d, "route:sleep", "ok") > 0);
    await(Future.all(load));
    JsonObject stats = await(Stats.await(vertx, client, port, s -> Stats.pool(s, "io").getInteger("running") == 0));
    wait.until(d -> number(d, "pool:io", "running") == 0);

    assertTrue(points(browser, "pool:io") >= before + 3, "the io chart gained a point a second under load");
    assertTrue(points(browser, "latency") >= 2, "the work-time chart has points");
    assertEquals(Stats.pool(stats, "io").getInteger("limit"), (int) number(browser, "pool:io", "limit"));
    assertEquals(String.valueOf(stats.getLong("pid")), summary(browser, "pid"));
    assertEquals(String.valueOf(stats.getJsonObject("config").getInteger("version")), summary(browser, "config.version"));
    double p99 = number(browser, "latency", "sleep p99");
    assertTrue(p99 >= 90 && p99 < 2000, "a 100 ms sleep's work time p99: " + p99);
    assertEquals(List.of(), Chromium.consoleErrors(browser), "no errors in the page's console");
    ctx.completeNow();
  }

  @Test
  void aClosedPageClosesItsStream(Vertx vertx, VertxTestContext ctx) throws Exception {
    HttpClient client = vertx.createHttpClient();
    OffloadServer server = await(service.start(config()));
    int port = server.port();
    browser = Chromium.start(1280, 1000);
    browser.get("http://127.0.0.1:" + port + "/dashboard");
    await(Stats.await(vertx, client, port, s -> s.getJsonObject("dashboard").getInteger("streams") == 1));
    browser.get("about:blank");
    await(Stats.await(vertx, client, port, s -> s.getJsonObject("dashboard").getInteger("streams") == 0));
    ctx.completeNow();
  }

  @Test
  void onAPhoneWidthNothingSpillsSideways(VertxTestContext ctx) throws Exception {
    OffloadServer server = await(service.start(config()));
    browser = Chromium.start(390, 844);
    browser.get("http://127.0.0.1:" + server.port() + "/dashboard");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> points(d, "lag") >= 2);
    Object overflow = ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertTrue(((Number) overflow).intValue() <= 1, "page wider than the screen by " + overflow + " px");
    Object chartWidth = ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('[data-chart=\"lag\"] canvas').getBoundingClientRect().width;");
    assertTrue(((Number) chartWidth).doubleValue() > 200, "the chart fills the width: " + chartWidth);
    assertEquals(List.of(), Chromium.consoleErrors(browser));
    ctx.completeNow();
  }

  private static int points(WebDriver d, String chart) {
    Object found = ((JavascriptExecutor) d).executeScript(
        "const c = document.querySelector(arguments[0]); return c ? c.getAttribute('data-points') : null;",
        "[data-chart=\"" + chart + "\"]");
    return found == null ? 0 : Integer.parseInt((String) found);
  }

  /**
   * The latest value a chart's readout shows for one series, NaN when it shows none. Read in one script call: the
   * page re-renders its readouts every second, so an element found by one WebDriver call can be gone by the next.
   */
  private static double number(WebDriver d, String chart, String series) {
    Object found = ((JavascriptExecutor) d).executeScript(
        "const b = document.querySelector(arguments[0]); return b ? b.textContent : null;",
        "[data-chart=\"" + chart + "\"] [data-key=\"" + series + "\"] b");
    if (found == null) {
      return Double.NaN;
    }
    String text = ((String) found).trim().split(" ")[0];
    return text.equals("–") ? Double.NaN : Double.parseDouble(text);
  }

  private static String summary(WebDriver d, String key) {
    return d.findElement(By.cssSelector("#summary [data-key=\"" + key + "\"]")).getText();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
