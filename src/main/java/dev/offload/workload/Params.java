package dev.offload.workload;

import java.util.Collections;
import java.util.Map;

/** Validated parameter values of one request, read by a {@link Workload}. */
public final class Params {
  private final Map<String, Object> values;

  public Params(Map<String, Object> values) {
    this(values, false);
  }

  private Params(Map<String, Object> values, boolean nobodyElseHoldsIt) {
    this.values = nobodyElseHoldsIt ? Collections.unmodifiableMap(values) : Map.copyOf(values);
  }

  /** Takes a map that nobody else holds without copying it: the parser makes one for every request. */
  static Params owning(Map<String, Object> values) {
    return new Params(values, true);
  }

  /** Every value by parameter name (Long or String), e.g. to send the request to another node. */
  public Map<String, Object> values() {
    return values;
  }

  public long integer(String name) {
    return (Long) require(name);
  }

  public String text(String name) {
    return (String) require(name);
  }

  private Object require(String name) {
    Object value = values.get(name);
    if (value == null) {
      // A workload asked for a parameter it never declared: a programming error, not a client error.
      throw new IllegalStateException("parameter not declared or not parsed: " + name);
    }
    return value;
  }
}
