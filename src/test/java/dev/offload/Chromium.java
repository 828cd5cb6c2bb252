package dev.offload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver for the browser tests. Both paths are given to
 * Selenium, so it never tries to download a browser or a driver (which cannot work here); where either is missing,
 * {@link #missing()} says so and the tests skip with that reason.
 */
public final class Chromium {
  private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {
  }

  /** Why the browser tests cannot run here, or empty when they can. */
  public static Optional<String> missing() {
    if (browser().isEmpty()) {
      return Optional.of("no chromium at " + BROWSERS + " (Debian's chromium package; .ci/run installs it)");
    }
    if (!Files.isExecutable(DRIVER)) {
      return Optional.of("no chromedriver at " + DRIVER + " (Debian's chromium-driver package; .ci/run installs it)");
    }
    return Optional.empty();
  }

  /** A headless browser with a window of the given size, recording the page's console. */
  public static WebDriver start(int width, int height) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser().orElseThrow().toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--hide-scrollbars", "--window-size=" + width + "," + height);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** What the page wrote to its console at level error (uncaught exceptions, failed loads, console.error). */
  public static List<String> consoleErrors(WebDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }

  private static Optional<Path> browser() {
    return BROWSERS.stream().filter(Files::isExecutable).findFirst();
  }
}
