package dev.offload;

import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The java.util.logging manager offload runs with: the JDK's own resets (closes) every handler from a shutdown hook
 * of its own, which runs beside offload's drain hook, so everything the drain logged (a workload that failed while
 * draining, say) was lost. This one keeps its handlers through the JVM's shutdown.
 */
public final class LogsThroughShutdown extends LogManager {
  static final String PROPERTY = "java.util.logging.manager";

  /**
   * Makes this the JVM's log manager; only works before anything has logged, so {@link Main} calls it first.
   *
   * @return true if it is in place
   */
  static boolean install() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, LogsThroughShutdown.class.getName());
    }
    // The root handlers are made on first use, and never once the JVM is shutting down: make them now.
    Logger.getLogger("").getHandlers();
    return LogManager.getLogManager() instanceof LogsThroughShutdown;
  }

  @Override
  public void reset() {
    // The JDK's shutdown hook is LogManager$Cleaner; every other reset (reading the configuration) goes ahead.
    if (!Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
      super.reset();
    }
  }
}
