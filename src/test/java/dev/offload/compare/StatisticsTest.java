package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics of repeated rounds, on fixed numbers. */
class StatisticsTest {

  @Test
  void theMedianOfOddAndEvenCounts() {
    assertEquals(3.0, Statistics.median(List.of(5.0, 1.0, 3.0)));
    assertEquals(2.5, Statistics.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void belowFiveRoundsTheSpreadIsMinToMaxWithoutAnInterval() {
    Statistics.Spread s = Statistics.spread(List.of(10.0, 12.0, 11.0));
    assertEquals(11.0, s.median());
    assertEquals(10.0, s.low());
    assertEquals(12.0, s.high());
    assertNull(s.ciLow());
  }

  @Test
  void theBootstrapIntervalHoldsTheMedianAndIsRepeatable() {
    List<Double> values = List.of(20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 90.0);
    Statistics.Spread s = Statistics.spread(values);
    assertTrue(s.ciLow() <= 23.0 && 23.0 <= s.ciHigh(), s.toString());
    assertTrue(s.ciLow() >= 20.0 && s.ciHigh() <= 90.0, s.toString());
    // One outlier of seven moves the median's interval little: its upper end stays far below the outlier.
    assertTrue(s.ciHigh() <= 25.0, s.toString());
    assertArrayEquals(Statistics.bootstrapMedianInterval(values), Statistics.bootstrapMedianInterval(values));
    Statistics.Spread same = Statistics.spread(List.of(7.0, 7.0, 7.0, 7.0, 7.0));
    assertEquals(7.0, same.ciLow());
    assertEquals(7.0, same.ciHigh());
  }
}
