package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics of repeated rounds and the winner rule, on fixed numbers. */
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

  @Test
  void aWinnerOnlyWhenTheIntervalsDoNotOverlap() {
    Statistics.Spread fast = Statistics.spread(List.of(10.0, 11.0, 12.0));
    Statistics.Spread slow = Statistics.spread(List.of(20.0, 21.0, 22.0));
    Statistics.Spread close = Statistics.spread(List.of(11.5, 13.0, 14.0));
    assertEquals("a", Statistics.winner(List.of("b", "a"), List.of(slow, fast), true).winner());
    Statistics.Verdict tie = Statistics.winner(List.of("a", "c", "b"), List.of(fast, close, slow), true);
    assertNull(tie.winner());
    assertEquals("no clear winner (a ≈ c)", tie.text());
    // Higher is better for throughput: the same numbers, the other way round.
    assertEquals("b", Statistics.winner(List.of("a", "b"), List.of(fast, slow), false).winner());
  }

  @Test
  void theBestMustBeApartFromEveryOtherNotOnlyTheNextByMedian() {
    // Capacities of a ramp: a held 40 every round; b and c have the same median, 30, but c reached 40 once.
    Statistics.Spread a = Statistics.spread(List.of(40.0, 40.0, 40.0));
    Statistics.Spread b = Statistics.spread(List.of(20.0, 30.0, 30.0));
    Statistics.Spread c = Statistics.spread(List.of(30.0, 30.0, 40.0));
    Statistics.Verdict v = Statistics.winner(List.of("a", "b", "c"), List.of(a, b, c), false);
    assertNull(v.winner());
    assertEquals("no clear winner (a ≈ c)", v.text());
  }

  @Test
  void apartButCloseIsNoWinner() {
    // A rate fully served every round by one, and one late answer short by the other: apart, but 0.8% is nothing.
    Statistics.Spread full = Statistics.spread(List.of(15.0, 15.0, 15.0));
    Statistics.Spread almost = Statistics.spread(List.of(14.88, 14.88, 14.88));
    assertNull(Statistics.winner(List.of("a", "b"), List.of(full, almost), false).winner());
    assertEquals("no strategy measured", Statistics.winner(List.of(), List.of(), true).text());
  }

  @Test
  void oneRoundNamesNobody() {
    Statistics.Spread a = Statistics.spread(List.of(10.0));
    Statistics.Spread b = Statistics.spread(List.of(50.0));
    Statistics.Verdict v = Statistics.winner(List.of("a", "b"), List.of(a, b), true);
    assertNull(v.winner());
    assertTrue(v.text().startsWith("no clear winner (a ≈ b; fewer than two measured rounds"), v.text());
  }
}
