package dev.offload.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.load.LoadRequest;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compare files: the shipped ones parse into valid service configs; mistakes are refused by key. */
class CompareSpecParserTest {

  @Test
  void theShippedFilesParseAndEveryMergedConfigIsValid() {
    for (String file : List.of("conf/compare.json", "conf/compare-quick.json", "conf/compare-fastapi.json",
        "conf/compare-known.json")) {
      CompareSpec spec = CompareSpecParser.load(Path.of(file));
      assertTrue(spec.entries().size() >= 5, file);
      for (CompareSpec.Entry e : spec.entries()) {
        if (e.external()) {
          continue;
        }
        new ConfigParser(Workloads.builtIn(), 25).parse(ConfigMerge.merge(spec.base(), e.config()));
      }
    }
  }

  @Test
  void theClusterFileWiresAFrontAndItsWorkers() {
    CompareSpec spec = CompareSpecParser.load(Path.of("conf/compare-cluster.json"));
    CompareSpec.Entry cluster = spec.entries().get(1);
    assertEquals(2, cluster.workers());
    ClusterPlan plan = ClusterPlan.of(cluster, 15701);
    // Two workers of eight threads each: what the prediction of a sleep scenario is based on.
    assertEquals(Map.of("io", 16), plan.threadsByPool());
    JsonObject front = ConfigMerge.merge(ConfigMerge.merge(spec.base(), cluster.config()), plan.frontCluster());
    assertEquals("cluster", new ConfigParser(Workloads.builtIn(), 25).parse(front).route("sleep").strategy()
        .configName());
    JsonObject worker = plan.workerConfig(15702).getJsonObject("cluster");
    assertEquals(15702, worker.getInteger("port"));
    assertEquals("127.0.0.1:15701", worker.getJsonArray("members").getString(0));
    assertEquals(0, spec.entries().get(0).workers());
  }

  @Test
  void workerEntriesAreCheckedByKey() {
    String scenarios = "], \"scenarios\": []}";
    refused("strategies[0].workerConfig", "{\"strategies\": [{\"name\": \"a\", \"config\": {}, \"workers\": 2}"
        + scenarios);
    refused("strategies[0].workers", "{\"strategies\": [{\"name\": \"a\", \"config\": {}, \"workers\": 9,"
        + " \"workerConfig\": {}}" + scenarios);
    refused("strategies[0].workers", "{\"strategies\": [{\"name\": \"a\", \"config\": {}, \"workerConfig\": {}}"
        + scenarios);
    refused("strategies[0].workers", "{\"reuseJvm\": true, \"strategies\": [{\"name\": \"a\", \"config\": {},"
        + " \"workers\": 1, \"workerConfig\": {}}" + scenarios);
    CompareSpec.Entry noExport = new CompareSpec.Entry("a", new JsonObject(), null, 1,
        new JsonObject("{\"pools\": {\"io\": {\"size\": 2}}}"));
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterPlan.of(noExport, 15701));
    assertEquals("workerConfig.pools", e.key());
    ConfigException bad = assertThrows(ConfigException.class, () -> ClusterPlan.of(new CompareSpec.Entry("a",
        new JsonObject(), null, 1, new JsonObject("{\"pools\": {\"io\": {\"size\": 0, \"exported\": true}}}")),
        15701));
    assertEquals("workerConfig.pools.io.size", bad.key());
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
    assertEquals(LoadRequest.get("/gil?n=5000&x=1"),
        t.request(new Scenario.Load("cpu", Map.of("iterations", 5000L), 0, false)));
    assertThrows(IllegalArgumentException.class, () -> t.request(new Scenario.Load("sleep", Map.of(), 0, false)));
    assertThrows(IllegalArgumentException.class, () -> t.request(new Scenario.Load("cpu", Map.of(), 0, false)));
    assertThrows(IllegalArgumentException.class,
        () -> t.request(new Scenario.Load("cpu", Map.of("iterations", 5000L), 0, true)));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("iterations", 3L);
    params.put("seed", "a b");
    Target.Offload offload = new Target.Offload("127.0.0.1", 1);
    assertEquals(LoadRequest.get("/work/cpu?iterations=3&seed=a%20b"),
        offload.request(new Scenario.Load("cpu", params, 0, false)));
    // A POST keeps the JSON types: 3 stays a number, so the service's strict body parser takes it.
    assertEquals(LoadRequest.postJson("/work/cpu", "{\"iterations\":3,\"seed\":\"a b\"}"),
        offload.request(new Scenario.Load("cpu", params, 0, true)));
  }

  @Test
  void aLoadMayPostItsParameters() {
    CompareSpec spec = CompareSpecParser.parse(new JsonObject("{\"baseConfig\": \"config.json\","
        + "\"strategies\": [{\"name\": \"a\", \"config\": {}}],"
        + "\"scenarios\": [{\"name\": \"h\", \"type\": \"burst\", \"route\": \"hash\", \"method\": \"POST\","
        + "\"params\": {\"password\": \"12345\", \"salt\": \"s\", \"iterations\": 1000}, \"requests\": 2}]}"),
        Path.of("conf"));
    Scenario.Load load = ((Scenario.Burst) spec.scenarios().get(0)).load();
    assertTrue(load.post());
    assertEquals("12345", load.params().get("password"));
    assertEquals(1000L, load.params().get("iterations"));
    assertEquals("POST", ReportModel.describe(spec.scenarios().get(0)).getString("method"), "the report says so");
  }

  @Test
  void repeatAndCalibrateAreReadAndChecked() {
    String strategies = "\"strategies\": [{\"name\": \"a\", \"config\": {}}], \"scenarios\": [{\"name\": \"r\","
        + " \"type\": \"rate\", \"route\": \"cpu\", \"params\": {\"iterations\": 5000}, \"ratePerSecond\": 5,"
        + " \"seconds\": 1}]";
    CompareSpec spec = CompareSpecParser.parse(new JsonObject("{\"repeat\": 5, \"calibrate\": {\"route\": \"cpu\","
        + " \"param\": \"iterations\", \"targetMs\": 20}, " + strategies + "}"), Path.of("."));
    assertEquals(5, spec.repeat());
    // The first value tried is the scenario's own.
    assertEquals(new CompareSpec.Calibrate("cpu", "iterations", 20, 5000), spec.calibrate());
    assertEquals(1, CompareSpecParser.parse(new JsonObject("{" + strategies + "}"), Path.of(".")).repeat());
    refused("repeat", "{\"repeat\": 0, " + strategies + "}");
    refused("repeat", "{\"repeat\": 2.5, " + strategies + "}");
    refused("calibrate.targetMs", "{\"calibrate\": {\"route\": \"cpu\", \"param\": \"iterations\","
        + " \"targetMs\": 0}, " + strategies + "}");
    refused("calibrate.route", "{\"calibrate\": {\"route\": \"sleep\", \"param\": \"ms\"}, " + strategies + "}");
    refused("calibrate.steps", "{\"calibrate\": {\"route\": \"cpu\", \"param\": \"iterations\", \"steps\": 3}, "
        + strategies + "}");
  }

  private static void refused(String key, String json) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CompareSpecParser.parse(new JsonObject(json), Path.of(".")));
    assertEquals(key, e.key(), e.getMessage());
  }
}
