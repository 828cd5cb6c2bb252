package dev.offload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests from the first moment a starting server's port accepts: {@code clients} threads try the port every
 * millisecond, each try a {@code GET path} on a fresh connection, and once it accepts keep sending for a while.
 * Plain sockets, so nothing of the client's own is shared with the server under test.
 */
final class StartBurst {
  /** What the burst saw: answered requests, requests that got no answer in time, and connections that failed. */
  record Tally(int answered, int unanswered, int failed, boolean portOpened) {
  }

  private static final long NOT_YET = Long.MIN_VALUE;

  private final int port;
  private final String path;
  private final int timeoutMs;
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  // When the first connection was accepted (System.nanoTime), or NOT_YET.
  private final AtomicLong openedAt = new AtomicLong(NOT_YET);

  StartBurst(int port, String path, int timeoutMs) {
    this.port = port;
    this.path = path;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Tries the port until it accepts (at most {@code openWithinMs}, and only while {@code server} lives), then sends
   * requests until {@code burstMs} after the first accepted connection. Returns when every client has stopped.
   */
  Tally run(int clients, long openWithinMs, long burstMs, Process server) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(openWithinMs);
    long burst = TimeUnit.MILLISECONDS.toNanos(burstMs);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(() -> {
        while (true) {
          long opened = openedAt.get();
          long now = System.nanoTime();
          if (opened == NOT_YET ? now > giveUp || !server.isAlive() : now - opened > burst) {
            return;
          }
          if (!request()) {
            sleepAMillisecond();
          }
        }
      }, "start-burst-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    // Every request is bounded by its timeouts, so each client ends soon after the burst or the give-up time.
    long joinBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(openWithinMs + burstMs + 3L * timeoutMs);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
      if (thread.isAlive()) {
        threads.forEach(Thread::interrupt);
        throw new AssertionError("burst client " + thread.getName() + " did not finish");
      }
    }
    return new Tally(answered.get(), unanswered.get(), failed.get(), openedAt.get() != NOT_YET);
  }

  /**
   * One request on a fresh connection; true once the connection was accepted (then counted as answered, unanswered
   * or failed), false while the port refuses.
   */
  private boolean request() {
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      } catch (ConnectException refused) {
        return false;
      }
      openedAt.compareAndSet(NOT_YET, System.nanoTime());
      socket.setSoTimeout(timeoutMs);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(9), StandardCharsets.US_ASCII);
      in.readAllBytes();
      (head.equals("HTTP/1.1 ") ? answered : failed).incrementAndGet();
    } catch (SocketTimeoutException hang) {
      unanswered.incrementAndGet();
    } catch (IOException e) {
      failed.incrementAndGet();
    }
    return true;
  }

  private static void sleepAMillisecond() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
