package dev.offload;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects every log record at WARNING or above while it is open (Vert.x, Netty through SLF4J, and offload all log
 * to java.util.logging), so a test can say that nothing a user would call a failure was logged.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger root = Logger.getLogger("");
  private final List<LogRecord> records = new ArrayList<>();

  private LogCapture() {
    setLevel(Level.WARNING);
  }

  static LogCapture open() {
    LogCapture capture = new LogCapture();
    capture.root.addHandler(capture);
    return capture;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      records.add(record);
    }
  }

  /** Each record as one line: level, logger, message and the first line of its exception. */
  synchronized List<String> lines() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      out.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
          + (r.getThrown() != null ? " | " + r.getThrown() : ""));
    }
    return out;
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
