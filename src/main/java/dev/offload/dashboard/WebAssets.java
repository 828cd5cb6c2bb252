package dev.offload.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The files the dashboard page and the compare report are made of, read from the jar: offload's own page, script and
 * styles, and uPlot from its WebJar (the version the build put on the class path), so neither needs a network.
 */
public final class WebAssets {
  private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private WebAssets() {
  }

  /** The uPlot release on the class path, e.g. 1.6.30. */
  public static String uPlotVersion() {
    Properties pom = new Properties();
    try (InputStream in = open(UPLOT_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  /** uPlot's script, made to be loaded by a plain script tag (it defines {@code uPlot}). */
  public static String uPlotScript() {
    return text(uPlotDist() + "uPlot.iife.min.js");
  }

  public static String uPlotStyles() {
    return text(uPlotDist() + "uPlot.min.css");
  }

  /** One of offload's own files in the jar, e.g. {@code dashboard/dashboard.js} or {@code report/report.js}. */
  public static String own(String path) {
    return text("/" + path);
  }

  private static String uPlotDist() {
    return "/META-INF/resources/webjars/uplot/" + uPlotVersion() + "/dist/";
  }

  private static String text(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = WebAssets.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException(resource + " is not in the jar: the build is missing a resource or the uPlot WebJar");
    }
    return in;
  }
}
