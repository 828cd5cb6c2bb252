package dev.offload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raw query values become typed parameters, or a 400 that names the parameter and the allowed range. */
class ParamParserTest {
  private final List<ParamSpec> cpu = new CpuWorkload().params();

  @Test
  void parsesValuesAndFillsDefaults() {
    Params p = ParamParser.parseQuery(cpu, Map.of("iterations", "42")::get);
    assertEquals(42, p.integer("iterations"));
    assertEquals("", p.text("seed"));
  }

  @Test
  void acceptsTheBoundsThemselves() {
    assertEquals(1, ParamParser.parseQuery(cpu, Map.of("iterations", "1")::get).integer("iterations"));
    assertEquals(10_000_000, ParamParser.parseQuery(cpu, Map.of("iterations", "10000000")::get).integer("iterations"));
  }

  @Test
  void refusesAnythingButPlainDigits() {
    for (String raw : List.of("", " 1", "+1", "1e3", "0x10", "١٢", "1_000")) {
      BadParameterException e = assertThrows(BadParameterException.class,
          () -> ParamParser.parseQuery(cpu, Map.of("iterations", raw)::get), raw);
      assertEquals("iterations", e.param());
    }
  }

  @Test
  void namesTheRangeWhenOutOfIt() {
    BadParameterException e = assertThrows(BadParameterException.class,
        () -> ParamParser.parseQuery(cpu, Map.of("iterations", "10000001")::get));
    assertEquals("iterations must be a whole number in 1..10000000, got 10000001", e.getMessage());
  }

  @Test
  void jsonValuesMustHaveTheirJsonType() {
    List<ParamSpec> specs = List.of(ParamSpec.requiredInteger("n", 1, 100, 1, 1000),
        ParamSpec.requiredChoice("q", List.of("a", "b")));
    Params p = ParamParser.parseJson(specs, Map.<String, Object>of("n", 7, "q", "b")::get);
    assertEquals(7, p.integer("n"));
    assertEquals("b", p.text("q"));
    assertEquals(100, ParamParser.parseJson(specs, Map.<String, Object>of("n", 100.0, "q", "a")::get)
        .integer("n"));
    for (Object wrong : new Object[] {"7", 7.5, true, 101, 0, new java.math.BigInteger("99999999999999999999999")}) {
      BadParameterException e = assertThrows(BadParameterException.class,
          () -> ParamParser.parseJson(specs, Map.<String, Object>of("n", wrong, "q", "a")::get),
          String.valueOf(wrong));
      assertEquals("n", e.param());
    }
    BadParameterException nested = assertThrows(BadParameterException.class,
        () -> ParamParser.parseJson(specs, Map.<String, Object>of("n", 1, "q", Map.of("a", 1))::get));
    assertTrue(nested.getMessage().endsWith("got an object"), nested.getMessage());
    BadParameterException list = assertThrows(BadParameterException.class,
        () -> ParamParser.parseJson(specs, Map.<String, Object>of("n", List.of(1), "q", "a")::get));
    assertTrue(list.getMessage().endsWith("got an array"), list.getMessage());
    BadParameterException choice = assertThrows(BadParameterException.class,
        () -> ParamParser.parseJson(specs, Map.<String, Object>of("n", 1, "q", "c")::get));
    assertEquals("q", choice.param());
    assertTrue(choice.getMessage().contains("one of a, b"), choice.getMessage());
  }
}
