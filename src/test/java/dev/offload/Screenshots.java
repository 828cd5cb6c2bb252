package dev.offload;

import dev.offload.compare.CompareCommand;
import dev.offload.compare.ServiceLauncher;
import dev.offload.config.ConfigParser;
import dev.offload.load.LoadPlan;
import dev.offload.load.LoadRequest;
import dev.offload.load.OpenLoopLoad;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Makes the README's pictures again (run by scripts/screenshots.sh, not by the suite): the dashboard of a service
 * under a minute of changing load with one config change, and two charts of a short comparison's report.
 *   Screenshots OUT_DIR
 */
public final class Screenshots {
  // Long enough to show time: CPU work offered near the two cores' capacity, where the strategies part ways, and a
  // ramp past the knee. About two minutes.
  private static final String REPORT_SPEC = """
      { "baseConfig": "BASE", "warmupSeconds": 2, "probe": { "ratePerSecond": 50 },
        "strategies": [
          { "name": "event-loop", "config": { "routes": { "cpu": { "strategy": "event-loop" } } } },
          { "name": "execute-blocking-ordered",
            "config": { "routes": { "cpu": { "strategy": "execute-blocking", "ordered": true } } } },
          { "name": "worker-pool", "config": { "routes": { "cpu": { "strategy": "worker-pool", "pool": "cpu" } } } },
          { "name": "virtual-thread", "config": { "routes": { "cpu": { "strategy": "virtual-thread" } } } } ],
        "scenarios": [
          { "name": "rate-cpu", "type": "rate", "route": "cpu", "params": { "iterations": 100000 },
            "ratePerSecond": 120, "seconds": 10 },
          { "name": "ramp-cpu", "type": "ramp", "route": "cpu", "params": { "iterations": 100000 },
            "rates": [40, 80, 120, 160, 200, 240], "stepSeconds": 2, "targetP99Ms": 200 } ] }
      """;

  private Screenshots() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    Chromium.missing().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    dashboard(out.resolve("dashboard.png"));
    report(out);
    System.exit(0);
  }

  private static void dashboard(Path png) throws Exception {
    Workloads workloads = Workloads.builtIn();
    JsonObject json = new JsonObject(Files.readString(Path.of("conf/config.json")));
    json.getJsonObject("http").put("host", "127.0.0.1").put("port", TestService.freePort());
    OffloadServer server = await(OffloadServer.start(new ConfigParser(workloads).parse(json), workloads));
    Vertx load = Vertx.vertx();
    try {
      int port = server.port();
      // A minute: steady sleeps and cpu work, a 10 s cpu burst past the pool's queue (503s), and the io pool grown
      // at runtime half way (a config change, marked on every chart).
      Future<?> sleeps = run(load, port, "/work/sleep?ms=50", 150, 70);
      Future<?> cpu = run(load, port, "/work/cpu?iterations=100000", 40, 70);
      Thread.sleep(20_000);
      Future<?> burst = run(load, port, "/work/cpu?iterations=100000", 400, 10);
      Thread.sleep(12_000);
      json.getJsonObject("pools").getJsonObject("io").put("size", 96);
      await(server.apply(json, "scripts/screenshots.sh"));
      Thread.sleep(18_000);
      // Taken while the steady load still runs (it goes on for 20 s more).
      WebDriver browser = Chromium.start(1280, 1180);
      try {
        browser.get("http://127.0.0.1:" + port + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Integer.parseInt(
            d.findElement(By.cssSelector("[data-chart=\"pool:cpu\"]")).getAttribute("data-points")) > 45);
        Thread.sleep(2_000);
        Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("wrote " + png + " (" + Files.size(png) / 1024 + " KiB)");
      } finally {
        browser.quit();
      }
      await(Future.all(sleeps, cpu, burst));
    } finally {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      load.close();
    }
  }

  private static void report(Path out) throws Exception {
    Path reportDir = Files.createTempDirectory("offload-screenshots");
    Path spec = reportDir.resolve("compare.json");
    Files.writeString(spec, REPORT_SPEC.replace("BASE", Path.of("conf/config.json").toAbsolutePath().toString()));
    int status = CompareCommand.run(spec, reportDir.resolve("report"), new ServiceLauncher(Main.class.getName()), System.out, System.err);
    if (status != 0) {
      throw new IllegalStateException("compare exited " + status);
    }
    WebDriver browser = Chromium.start(1280, 1000);
    try {
      browser.get(reportDir.resolve("report/report.html").toUri().toString());
      new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("figure.chart"))
          .stream().allMatch(f -> f.getAttribute("data-points") != null));
      for (Map.Entry<String, String> shot : Map.of("report-latency.png", "rate-cpu/latency-time",
          "report-ramp.png", "ramp-cpu/ramp-p99").entrySet()) {
        Path png = out.resolve(shot.getKey());
        Files.write(png, browser.findElement(By.cssSelector("figure[data-chart-id=\"" + shot.getValue() + "\"]"))
            .getScreenshotAs(OutputType.BYTES));
        System.out.println("wrote " + png + " (" + Files.size(png) / 1024 + " KiB)");
      }
    } finally {
      browser.quit();
    }
  }

  private static Future<?> run(Vertx vertx, int port, String uri, double rate, double seconds) {
    return new OpenLoopLoad(vertx, new LoadPlan("127.0.0.1", port, List.of(LoadRequest.get(uri)), rate, 0,
        (long) (seconds * 1000), 200, 30_000, Map.of(), 1000)).run();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
