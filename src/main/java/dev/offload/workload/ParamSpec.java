package dev.offload.workload;

import java.util.Objects;

/**
 * One declared request parameter: its name, kind, allowed range and default.
 *
 * <p>For {@link Kind#INTEGER} the range bounds the value; for {@link Kind#TEXT} it bounds the length in characters.
 * {@code floor} and {@code ceiling} are the widest range the workload can honour: config may narrow or move the
 * range inside them, never past them.
 */
public record ParamSpec(String name, Kind kind, long min, long max, long floor, long ceiling, Object defaultValue) {

  /** What a parameter holds. */
  public enum Kind { INTEGER, TEXT }

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (floor > min || min > max || max > ceiling) {
      throw new IllegalArgumentException(name + ": need floor <= min <= max <= ceiling, got "
          + floor + ", " + min + ", " + max + ", " + ceiling);
    }
  }

  /** A required whole-number parameter. */
  public static ParamSpec requiredInteger(String name, long min, long max, long floor, long ceiling) {
    return new ParamSpec(name, Kind.INTEGER, min, max, floor, ceiling, null);
  }

  /** An optional text parameter whose length lies in {@code 0..maxLength}. */
  public static ParamSpec optionalText(String name, String defaultValue, long maxLength, long ceiling) {
    return new ParamSpec(name, Kind.TEXT, 0, maxLength, 0, ceiling, defaultValue);
  }

  public boolean required() {
    return defaultValue == null;
  }

  /** The same parameter with another allowed range (already checked against floor and ceiling by the caller). */
  public ParamSpec withRange(long newMin, long newMax) {
    return new ParamSpec(name, kind, newMin, newMax, floor, ceiling, defaultValue);
  }

  /** The allowed range as users read it in errors, e.g. {@code 1..10000000} or {@code length 0..1024}. */
  public String describeRange() {
    return kind == Kind.TEXT ? "length " + min + ".." + max : min + ".." + max;
  }
}
