package dev.offload.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.offload.dispatch.TestContexts.assertAddsUp;

import dev.offload.config.AdmissionSettings;
import dev.offload.config.AimdSettings;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission counted exactly, with an injected clock: permits, queue order, refusal, cancellation, drain, and the
 * adaptive limit. Every call runs on one Vert.x context, as the HTTP instances make them.
 */
class AdmissionTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final ManualClock clock = new ManualClock();
  private final BlockingQueue<Ticket> granted = new LinkedBlockingQueue<>();
  private final BlockingQueue<Ticket> drained = new LinkedBlockingQueue<>();
  private final Ticket.Listener listener = new Ticket.Listener() {
    @Override
    public void granted(Ticket ticket) {
      granted.add(ticket);
    }

    @Override
    public void expired(Ticket ticket) {
      throw new AssertionError("no deadline is short enough to pass in these tests");
    }

    @Override
    public void drained(Ticket ticket) {
      drained.add(ticket);
    }
  };

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Admission admission(int limit, int maxQueue, AimdSettings aimd) {
    return new Admission(new AdmissionSettings("p", limit, maxQueue, 60_000, aimd), "test", limit, null, clock);
  }

  private Admission.Decision admit(Admission a) throws Exception {
    return on(() -> a.admit(context, Long.MAX_VALUE, listener));
  }

  @Test
  void theEleventhOfTenPermitsIsRefused() throws Exception {
    Admission a = admission(10, 0, null);
    for (int i = 0; i < 10; i++) {
      assertFalse(admit(a).rejected(), "permit " + (i + 1));
    }
    assertEquals(10, granted.size(), "a free permit is granted before admit returns");
    Admission.Decision eleventh = admit(a);
    assertTrue(eleventh.rejected());
    assertFalse(eleventh.draining());
    assertTrue(eleventh.retryAfterSeconds() >= 1);
    Admission.Snapshot s = a.snapshot();
    assertEquals(10, s.admitted());
    assertEquals(1, s.rejected());
    assertEquals(10, s.running());
    on(() -> {
      a.release(granted.poll(), true);
      return null;
    });
    assertFalse(admit(a).rejected(), "a released permit is free again");
    assertAddsUp(a.snapshot());
  }

  @Test
  void queuedTicketsGetPermitsInOrder() throws Exception {
    Admission a = admission(1, 2, null);
    Ticket first = admit(a).ticket();
    Ticket second = admit(a).ticket();
    Ticket third = admit(a).ticket();
    assertTrue(admit(a).rejected(), "queue of 2 full");
    assertSame(first, granted.poll());
    assertEquals(2, a.snapshot().queued());
    release(a, first, true);
    assertSame(second, granted.poll(10, TimeUnit.SECONDS));
    release(a, second, false);
    assertSame(third, granted.poll(10, TimeUnit.SECONDS));
    release(a, third, true);
    Admission.Snapshot s = a.snapshot();
    assertEquals(3, s.admitted());
    assertEquals(2, s.completed());
    assertEquals(1, s.failed());
    assertEquals(1, s.rejected());
    assertAddsUp(s);
  }

  @Test
  void cancelledAndDrainedTicketsNeverGetAPermit() throws Exception {
    Admission a = admission(1, 3, null);
    Ticket running = admit(a).ticket();
    Ticket b = admit(a).ticket();
    Ticket c = admit(a).ticket();
    Ticket d = admit(a).ticket();
    assertTrue(on(() -> a.cancel(c)));
    assertFalse(on(() -> a.cancel(c)), "cancel happens once");
    assertFalse(on(() -> a.cancel(running)), "running work is not cancelled");
    on(() -> {
      a.drain();
      return null;
    });
    assertSame(b, drained.poll(10, TimeUnit.SECONDS));
    assertSame(d, drained.poll(10, TimeUnit.SECONDS));
    assertTrue(admit(a).draining(), "a drained admission refuses new work as draining");
    release(a, running, true);
    assertEquals(1, granted.size(), "only the first ever got a permit");
    Admission.Snapshot s = a.snapshot();
    assertEquals(4, s.admitted());
    assertEquals(1, s.cancelled());
    assertEquals(2, s.drained());
    assertEquals(1, s.completed());
    assertEquals(1, s.rejected());
    assertAddsUp(s);
  }

  @Test
  void theAdaptiveLimitFallsUnderSlowServiceAndRecovers() throws Exception {
    Admission a = admission(4, 20, new AimdSettings(1, 4, 10, 0.5));
    List<Ticket> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admit(a);
      running.add(granted.poll());
    }
    for (int i = 0; i < 8; i++) {
      assertNotNull(admit(a).ticket(), "queued");
    }
    assertEquals(4, a.snapshot().limit());
    int lowest = 4;
    // Slow service: each task holds its permit 50 ms, so every queued task waits past the 10 ms target.
    while (!running.isEmpty()) {
      clock.advance(50);
      release(a, running.remove(0), true);
      Ticket next = granted.poll(200, TimeUnit.MILLISECONDS);
      if (next != null) {
        running.add(next);
      }
      lowest = Math.min(lowest, a.snapshot().limit());
      if (running.isEmpty() && a.snapshot().queued() > 0) {
        throw new AssertionError("queued work with nothing running: " + a.snapshot());
      }
    }
    assertEquals(1, lowest, "the limit fell to its minimum");
    assertEquals(0, a.snapshot().queued());
    // Fast service again: a burst that starts without waiting raises the limit one step per start.
    for (int i = 0; i < 4; i++) {
      admit(a);
      running.add(granted.poll(10, TimeUnit.SECONDS));
    }
    assertEquals(4, a.snapshot().limit(), "the limit recovered to its maximum");
    for (Ticket t : running) {
      release(a, t, true);
    }
    assertAddsUp(a.snapshot());
    assertEquals(16, a.snapshot().completed(), "4 + 8 in the slow phase, 4 in the burst");
  }

  private void release(Admission a, Ticket t, boolean ok) throws Exception {
    on(() -> {
      a.release(t, ok);
      return null;
    });
  }

  private <T> T on(Callable<T> action) throws Exception {
    return TestContexts.on(context, action);
  }
}
