package dev.offload.workload;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns raw request values into {@link Params} by a workload's specs, or throws a {@link BadParameterException}.
 *
 * <p>A raw value is a {@link String} from a query string, or a JSON value from a request body (a string, number,
 * boolean, {@link List} or {@link Map}): there a whole number must be a JSON number and text a JSON string, so
 * {@code "5"} is not taken for 5.
 */
public final class ParamParser {
  private ParamParser() {
  }

  /**
   * Parses every declared parameter from query-string values.
   *
   * @param specs the workload's specs, with the ranges in force
   * @param raw the raw value of a parameter by name, or null when the request does not carry it
   */
  public static Params parseQuery(List<ParamSpec> specs, Function<String, String> raw) {
    return parse(specs, raw::apply, false);
  }

  /** Parses every declared parameter from the values of a JSON object (null when a field is absent). */
  public static Params parseJson(List<ParamSpec> specs, Function<String, Object> raw) {
    return parse(specs, raw, true);
  }

  private static Params parse(List<ParamSpec> specs, Function<String, Object> raw, boolean json) {
    Map<String, Object> values = new HashMap<>();
    for (ParamSpec spec : specs) {
      values.put(spec.name(), parseOne(spec, raw.apply(spec.name()), json));
    }
    return Params.owning(values);
  }

  private static Object parseOne(ParamSpec spec, Object raw, boolean json) {
    if (raw == null) {
      if (spec.required()) {
        throw new BadParameterException(spec.name(),
            "missing parameter " + spec.name() + " (" + expected(spec) + ")");
      }
      return spec.defaultValue();
    }
    switch (spec.kind()) {
      case INTEGER:
        return json ? jsonInteger(spec, raw) : parseInteger(spec, (String) raw);
      case CHOICE:
        return checkChoice(spec, requireText(spec, raw));
      default:
        return checkText(spec, requireText(spec, raw));
    }
  }

  private static Long parseInteger(ParamSpec spec, String raw) {
    // Only plain decimal digits: no signs, spaces, hex or exponents that Long.parseLong or a double would accept.
    if (raw.isEmpty() || raw.length() > 18 || !allDigits(raw)) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must be " + expected(spec) + ", got \"" + abbreviate(raw) + "\"");
    }
    return inRange(spec, Long.parseLong(raw));
  }

  private static boolean allDigits(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static Long jsonInteger(ParamSpec spec, Object raw) {
    BigInteger whole = null;
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      whole = BigInteger.valueOf(((Number) raw).longValue());
    } else if (raw instanceof BigInteger) {
      whole = (BigInteger) raw;
    } else if (raw instanceof Number) {
      // 5.0 is a whole number as JSON writes it; 5.5, NaN and infinities are not.
      try {
        whole = new BigDecimal(raw.toString()).toBigIntegerExact();
      } catch (ArithmeticException | NumberFormatException e) {
        whole = null;
      }
    }
    if (whole == null) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must be " + expected(spec) + ", got " + describeJson(raw));
    }
    if (whole.bitLength() > 62) {
      throw new BadParameterException(spec.name(), spec.name() + " must be " + expected(spec) + ", got " + whole);
    }
    return inRange(spec, whole.longValue());
  }

  private static Long inRange(ParamSpec spec, long value) {
    if (value < spec.min() || value > spec.max()) {
      throw new BadParameterException(spec.name(), spec.name() + " must be " + expected(spec) + ", got " + value);
    }
    return value;
  }

  private static String requireText(ParamSpec spec, Object raw) {
    if (!(raw instanceof String)) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must be " + expected(spec) + ", got " + describeJson(raw));
    }
    return (String) raw;
  }

  private static String checkText(ParamSpec spec, String raw) {
    if (raw.length() < spec.min() || raw.length() > spec.max()) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must have " + spec.describeRange() + " characters, got " + raw.length());
    }
    if (hasLoneSurrogate(raw)) {
      // A JSON escape can name half a character (U+D800 alone); as UTF-8 bytes it would silently become "?".
      throw new BadParameterException(spec.name(), spec.name() + " must be valid Unicode text, got half of a"
          + " surrogate pair");
    }
    return raw;
  }

  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String checkChoice(ParamSpec spec, String raw) {
    if (!spec.choices().contains(raw)) {
      throw new BadParameterException(spec.name(),
          spec.name() + " must be " + expected(spec) + ", got \"" + abbreviate(raw) + "\"");
    }
    return raw;
  }

  private static String expected(ParamSpec spec) {
    switch (spec.kind()) {
      case INTEGER:
        return "a whole number in " + spec.describeRange();
      case CHOICE:
        return spec.describeRange();
      default:
        return "text of " + spec.describeRange();
    }
  }

  /** A JSON value named by its type, so an error never echoes a long or secret value back. */
  private static String describeJson(Object raw) {
    if (raw instanceof String) {
      return "a string";
    }
    if (raw instanceof Number) {
      return "the number " + abbreviate(raw.toString());
    }
    if (raw instanceof Boolean) {
      return "a boolean";
    }
    return raw instanceof List ? "an array" : "an object";
  }

  private static String abbreviate(String raw) {
    return raw.length() <= 32 ? raw : raw.substring(0, 32) + "…";
  }
}
