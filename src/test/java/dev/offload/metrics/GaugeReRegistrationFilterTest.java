package dev.offload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Only Micrometer's warning about a re-registered Vert.x gauge is dropped; its other records still log. */
class GaugeReRegistrationFilterTest {
  @Test
  void dropsOnlyTheVertxGaugeWarning() {
    GaugeReRegistrationFilter.install();
    GaugeReRegistrationFilter.install();
    Logger micrometer = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    micrometer.addHandler(capture);
    boolean useParent = micrometer.getUseParentHandlers();
    micrometer.setUseParentHandlers(false);
    try {
      micrometer.log(Level.WARNING, "This Gauge has been already registered (MeterId{name='vertx.eventbus.handlers', "
          + "tags=[]}), the registration will be ignored.");
      micrometer.log(Level.WARNING, "This Gauge has been already registered (MeterId{name='offload_pool_queued', "
          + "tags=[]}), the registration will be ignored.");
      micrometer.log(Level.WARNING, "something else");
    } finally {
      micrometer.removeHandler(capture);
      micrometer.setUseParentHandlers(useParent);
    }
    assertEquals(List.of(
        "This Gauge has been already registered (MeterId{name='offload_pool_queued', tags=[]}), the registration "
            + "will be ignored.",
        "something else"), logged);
  }
}
