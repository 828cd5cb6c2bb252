package dev.offload.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.offload.config.AimdSettings;
import org.junit.jupiter.api.Test;

/** The AIMD rule alone: how each sample moves the limit. */
class AimdLimitTest {
  private final AimdLimit limit = new AimdLimit(new AimdSettings(2, 10, 100, 0.5));

  @Test
  void startsAtMaxHalvesOnSlowWaitsAndStopsAtMin() {
    assertEquals(10, limit.current());
    limit.onStart(101, 10);
    assertEquals(5, limit.current());
    limit.onStart(500, 5);
    assertEquals(2, limit.current(), "2.5 rounds down");
    limit.onStart(500, 2);
    assertEquals(2, limit.current(), "never below min");
  }

  @Test
  void growsByOneWhileBusyAndUnderTargetButNotWhenIdle() {
    limit.onStart(500, 10);
    limit.onStart(500, 5);
    assertEquals(2, limit.current());
    limit.onStart(0, 2);
    assertEquals(3, limit.current());
    limit.onStart(100, 3);
    assertEquals(4, limit.current(), "a wait equal to the target is not over it");
    limit.onStart(0, 1);
    assertEquals(4, limit.current(), "1 running of 4 is under half: no evidence for more");
    for (int i = 0; i < 20; i++) {
      limit.onStart(0, limit.current());
    }
    assertEquals(10, limit.current(), "never above max");
  }
}
