package dev.offload.compare;

import java.util.List;
import java.util.Map;

/** One load shape of a comparison, run the same way against every strategy. */
public sealed interface Scenario permits Scenario.Burst, Scenario.Rate, Scenario.Ramp, Scenario.Mix {

  String name();

  /**
   * What requests a load sends: a route (workload) and its parameters (whole numbers as {@link Long}, text as
   * {@link String}), at a rate where the shape has one; with {@code post} the parameters go as a JSON body.
   */
  record Load(String route, Map<String, Object> params, double ratePerSecond, boolean post) {
  }

  /** {@code requests} requests sent at the same instant, each on its own connection. */
  record Burst(String name, Load load, int requests) implements Scenario {
  }

  /** Open-loop load at a fixed rate for {@code seconds}. */
  record Rate(String name, Load load, double seconds) implements Scenario {
  }

  /** Stepped rates, {@code stepSeconds} each: the capacity is the highest whose p99 stays under the target. */
  record Ramp(String name, Load load, List<Double> rates, double stepSeconds, double targetP99Ms) implements Scenario {
  }

  /** Several routes at once, each at its own rate, to show whether one workload hurts another. */
  record Mix(String name, List<Load> loads, double seconds) implements Scenario {
  }
}
