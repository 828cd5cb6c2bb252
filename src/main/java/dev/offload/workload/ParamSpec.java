package dev.offload.workload;

import java.util.List;
import java.util.Objects;

/**
 * One declared request parameter: its name, kind, allowed range and default.
 *
 * <p>For {@link Kind#INTEGER} the range bounds the value; for {@link Kind#TEXT} it bounds the length in characters;
 * a {@link Kind#CHOICE} takes one of {@code choices}. {@code floor} and {@code ceiling} are the widest range the
 * workload can honour: config may narrow or move the range inside them, never past them.
 */
public record ParamSpec(String name, Kind kind, long min, long max, long floor, long ceiling, Object defaultValue,
    List<String> choices) {

  /** What a parameter holds. */
  public enum Kind {
    INTEGER("integer"), TEXT("text"), CHOICE("choice");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name {@code /stats} and errors use. */
    public String label() {
      return label;
    }
  }

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    choices = List.copyOf(choices);
    if (floor > min || min > max || max > ceiling) {
      throw new IllegalArgumentException(name + ": need floor <= min <= max <= ceiling, got "
          + floor + ", " + min + ", " + max + ", " + ceiling);
    }
    if ((kind == Kind.CHOICE) == choices.isEmpty()) {
      throw new IllegalArgumentException(name + ": a choice needs choices, other kinds take none");
    }
  }

  /** A required whole-number parameter. */
  public static ParamSpec requiredInteger(String name, long min, long max, long floor, long ceiling) {
    return new ParamSpec(name, Kind.INTEGER, min, max, floor, ceiling, null, List.of());
  }

  /** An optional whole-number parameter. */
  public static ParamSpec optionalInteger(String name, long defaultValue, long min, long max, long floor,
      long ceiling) {
    if (defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException(name + ": default " + defaultValue + " is outside " + min + ".." + max);
    }
    return new ParamSpec(name, Kind.INTEGER, min, max, floor, ceiling, defaultValue, List.of());
  }

  /** A required text parameter whose length lies in {@code minLength..maxLength}. */
  public static ParamSpec requiredText(String name, long minLength, long maxLength, long ceiling) {
    return new ParamSpec(name, Kind.TEXT, minLength, maxLength, minLength, ceiling, null, List.of());
  }

  /** An optional text parameter whose length lies in {@code 0..maxLength}. */
  public static ParamSpec optionalText(String name, String defaultValue, long maxLength, long ceiling) {
    return new ParamSpec(name, Kind.TEXT, 0, maxLength, 0, ceiling, defaultValue, List.of());
  }

  /** A required parameter that names one of {@code choices}. */
  public static ParamSpec requiredChoice(String name, List<String> choices) {
    return new ParamSpec(name, Kind.CHOICE, 0, 0, 0, 0, null, choices);
  }

  public boolean required() {
    return defaultValue == null;
  }

  /** The same parameter with another allowed range (already checked against floor and ceiling by the caller). */
  public ParamSpec withRange(long newMin, long newMax) {
    return new ParamSpec(name, kind, newMin, newMax, floor, ceiling, defaultValue, choices);
  }

  /** The allowed values as users read them in errors, e.g. {@code 1..10000000}, {@code length 0..1024}. */
  public String describeRange() {
    switch (kind) {
      case TEXT:
        return "length " + min + ".." + max;
      case CHOICE:
        return "one of " + String.join(", ", choices);
      default:
        return min + ".." + max;
    }
  }
}
