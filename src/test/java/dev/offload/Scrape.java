package dev.offload;

import java.util.Arrays;

/** Reads figures off a Prometheus text scrape of {@code /metrics}, for the tests that check counters there. */
final class Scrape {
  private Scrape() {
  }

  /**
   * The sum of every sample of one meter whose labels hold each of {@code labels}: {@code prefix} is {@code name{}
   * for a meter with labels, else the bare name.
   */
  static double sum(String scrape, String prefix, String... labels) {
    return scrape.lines()
        .filter(line -> line.startsWith(prefix) && (prefix.endsWith("{") || line.startsWith(prefix + " ")))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
