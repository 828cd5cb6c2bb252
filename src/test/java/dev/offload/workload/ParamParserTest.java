package dev.offload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raw query values become typed parameters, or a 400 that names the parameter and the allowed range. */
class ParamParserTest {
  private final List<ParamSpec> cpu = new CpuWorkload().params();

  @Test
  void parsesValuesAndFillsDefaults() {
    Params p = ParamParser.parse(cpu, Map.of("iterations", "42")::get);
    assertEquals(42, p.integer("iterations"));
    assertEquals("", p.text("seed"));
  }

  @Test
  void acceptsTheBoundsThemselves() {
    assertEquals(1, ParamParser.parse(cpu, Map.of("iterations", "1")::get).integer("iterations"));
    assertEquals(10_000_000, ParamParser.parse(cpu, Map.of("iterations", "10000000")::get).integer("iterations"));
  }

  @Test
  void refusesAnythingButPlainDigits() {
    for (String raw : List.of("", " 1", "+1", "1e3", "0x10", "١٢", "1_000")) {
      BadParameterException e = assertThrows(BadParameterException.class,
          () -> ParamParser.parse(cpu, Map.of("iterations", raw)::get), raw);
      assertEquals("iterations", e.param());
    }
  }

  @Test
  void namesTheRangeWhenOutOfIt() {
    BadParameterException e = assertThrows(BadParameterException.class,
        () -> ParamParser.parse(cpu, Map.of("iterations", "10000001")::get));
    assertEquals("iterations must be a whole number in 1..10000000, got 10000001", e.getMessage());
  }
}
