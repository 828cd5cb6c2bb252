package dev.offload.workload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns raw request values into {@link Params} by a workload's specs, or throws a {@link BadParameterException}. */
public final class ParamParser {
  private ParamParser() {
  }

  /**
   * Parses every declared parameter.
   *
   * @param specs the workload's specs, with the ranges in force
   * @param raw the raw value of a parameter by name, or null when the request does not carry it
   */
  public static Params parse(List<ParamSpec> specs, Function<String, String> raw) {
    Map<String, Object> values = new HashMap<>();
    for (ParamSpec spec : specs) {
      values.put(spec.name(), parseOne(spec, raw.apply(spec.name())));
    }
    return new Params(values);
  }

  private static Object parseOne(ParamSpec spec, String raw) {
    if (raw == null) {
      if (spec.required()) {
        throw new BadParameterException(spec.name(),
            "missing parameter " + spec.name() + " (" + expected(spec) + ")");
      }
      return spec.defaultValue();
    }
    return spec.kind() == ParamSpec.Kind.INTEGER ? parseInteger(spec, raw) : checkText(spec, raw);
  }

  private static Long parseInteger(ParamSpec spec, String raw) {
    long value;
    // Only plain decimal digits: no signs, spaces, hex or exponents that Long.parseLong or a double would accept.
    if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must be " + expected(spec) + ", got \"" + abbreviate(raw) + "\"");
    }
    value = Long.parseLong(raw);
    if (value < spec.min() || value > spec.max()) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must be " + expected(spec) + ", got " + value);
    }
    return value;
  }

  private static String checkText(ParamSpec spec, String raw) {
    if (raw.length() < spec.min() || raw.length() > spec.max()) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must have " + spec.describeRange() + " characters, got " + raw.length());
    }
    return raw;
  }

  private static String expected(ParamSpec spec) {
    return spec.kind() == ParamSpec.Kind.INTEGER
        ? "a whole number in " + spec.describeRange()
        : "text of " + spec.describeRange();
  }

  private static String abbreviate(String raw) {
    return raw.length() <= 32 ? raw : raw.substring(0, 32) + "…";
  }
}
