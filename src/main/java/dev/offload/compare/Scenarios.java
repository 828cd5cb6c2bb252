package dev.offload.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a scenario's loads are, and the same scenarios with one parameter of one route set (calibration). */
final class Scenarios {
  private Scenarios() {
  }

  static List<Scenario.Load> loads(Scenario s) {
    if (s instanceof Scenario.Burst b) {
      return List.of(b.load());
    }
    if (s instanceof Scenario.Rate r) {
      return List.of(r.load());
    }
    if (s instanceof Scenario.Ramp r) {
      return List.of(r.load());
    }
    return ((Scenario.Mix) s).loads();
  }

  /** {@code scenarios} with {@code param} = {@code value} in every load on {@code route}. */
  static List<Scenario> withParam(List<Scenario> scenarios, String route, String param, long value) {
    List<Scenario> out = new ArrayList<>();
    for (Scenario s : scenarios) {
      if (s instanceof Scenario.Burst b) {
        out.add(new Scenario.Burst(b.name(), set(b.load(), route, param, value), b.requests()));
      } else if (s instanceof Scenario.Rate r) {
        out.add(new Scenario.Rate(r.name(), set(r.load(), route, param, value), r.seconds()));
      } else if (s instanceof Scenario.Ramp r) {
        out.add(new Scenario.Ramp(r.name(), set(r.load(), route, param, value), r.rates(), r.stepSeconds(),
            r.targetP99Ms()));
      } else {
        Scenario.Mix m = (Scenario.Mix) s;
        List<Scenario.Load> loads = new ArrayList<>();
        m.loads().forEach(l -> loads.add(set(l, route, param, value)));
        out.add(new Scenario.Mix(m.name(), loads, m.seconds()));
      }
    }
    return out;
  }

  static Scenario.Load set(Scenario.Load load, String route, String param, long value) {
    if (!load.route().equals(route)) {
      return load;
    }
    Map<String, Object> params = new LinkedHashMap<>(load.params());
    params.put(param, value);
    return new Scenario.Load(route, params, load.ratePerSecond(), load.post());
  }
}
