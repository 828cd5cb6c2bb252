package dev.offload.metrics;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops Micrometer's warning that one of Vert.x's gauges "has been already registered": vertx-micrometer-metrics
 * registers its gauges again for every event-bus handler, connection and request on purpose, and they all share
 * one value per meter id (its {@code LongGauges}), so nothing is lost (vert-x3/vertx-micrometer-metrics#259).
 *
 * <p>Micrometer (1.13.9+) warns about the first re-registration in the JVM and logs the rest at debug level, so
 * after this the warning would not show for offload's own meters either; offload registers each of its gauges once.
 */
public final class GaugeReRegistrationFilter implements Filter {
  // java.util.logging holds loggers weakly: without this reference the filter could be lost with its logger.
  private static final Logger MICROMETER = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private final Filter next;

  private GaugeReRegistrationFilter(Filter next) {
    this.next = next;
  }

  /** Installs the filter once per JVM, in front of any filter already there. */
  public static synchronized void install() {
    if (!(MICROMETER.getFilter() instanceof GaugeReRegistrationFilter)) {
      MICROMETER.setFilter(new GaugeReRegistrationFilter(MICROMETER.getFilter()));
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.startsWith("This Gauge has been already registered (MeterId{name='vertx.")) {
      return false;
    }
    return next == null || next.isLoggable(record);
  }
}
