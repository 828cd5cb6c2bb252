package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compare files: the shipped ones parse into valid service configs; mistakes are refused by key. */
class CompareSpecParserTest {

  @Test
  void theShippedFilesParseAndEveryMergedConfigIsValid() {
    for (String file : List.of("conf/compare.json", "conf/compare-quick.json")) {
      CompareSpec spec = CompareSpecParser.load(Path.of(file));
      assertTrue(spec.entries().size() >= 5, file);
      for (CompareSpec.Entry e : spec.entries()) {
        new ConfigParser(Workloads.builtIn(), 25).parse(ConfigMerge.merge(spec.base(), e.config()));
      }
    }
  }

  @Test
  void aRouteIsReplacedWholeWhenMerged() {
    JsonObject base = new JsonObject("{\"routes\": {\"cpu\": {\"strategy\": \"worker-pool\", \"pool\": \"cpu\"}},"
        + " \"http\": {\"port\": 1, \"instances\": 2}}");
    JsonObject merged = ConfigMerge.merge(base, new JsonObject(
        "{\"routes\": {\"cpu\": {\"strategy\": \"event-loop\"}}, \"http\": {\"instances\": 4}}"));
    assertEquals(new JsonObject("{\"strategy\": \"event-loop\"}"), merged.getJsonObject("routes").getJsonObject("cpu"));
    assertEquals(1, merged.getJsonObject("http").getInteger("port"));
    assertEquals(4, merged.getJsonObject("http").getInteger("instances"));
  }

  @Test
  void mistakesNameTheirKey() {
    refused("scenarios[0].type", "{\"strategies\": [{\"name\": \"a\", \"config\": {}}],"
        + " \"scenarios\": [{\"name\": \"s\", \"type\": \"burts\", \"route\": \"cpu\"}]}");
    refused("strategies[0]", "{\"strategies\": [{\"name\": \"a\"}], \"scenarios\": []}");
    refused("scenarios[0].ratePerSecond", "{\"strategies\": [{\"name\": \"a\", \"config\": {}}],"
        + " \"scenarios\": [{\"name\": \"s\", \"type\": \"rate\", \"route\": \"cpu\"}]}");
    refused("strategies[0].target.url", "{\"strategies\": [{\"name\": \"a\", \"target\": {\"url\":"
        + " \"http://10.0.0.1:9000\", \"paths\": {}}}], \"scenarios\": []}");
    refused("warmup", "{\"warmup\": 3}");
  }

  @Test
  void externalPathsAreFilledFromTheScenarioParameters() {
    Target.External t = new Target.External("127.0.0.1", 9000, Map.of("cpu", "/gil?n={iterations}&x=1"));
    assertEquals("/gil?n=5000&x=1", t.path(new Scenario.Load("cpu", Map.of("iterations", "5000"), 0)));
    assertThrows(IllegalArgumentException.class, () -> t.path(new Scenario.Load("sleep", Map.of(), 0)));
    assertThrows(IllegalArgumentException.class, () -> t.path(new Scenario.Load("cpu", Map.of(), 0)));
    assertEquals("/work/cpu?iterations=3&seed=a%20b",
        new Target.Offload("127.0.0.1", 1).path(new Scenario.Load("cpu", new java.util.LinkedHashMap<>(
            Map.of("iterations", "3")) {{ put("seed", "a b"); }}, 0)));
  }

  private static void refused(String key, String json) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CompareSpecParser.parse(new JsonObject(json), Path.of(".")));
    assertEquals(key, e.key(), e.getMessage());
  }
}
