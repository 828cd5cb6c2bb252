package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.metrics.ConnectionStats.Closed;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Malformed input of every kind, sent byte by byte over raw sockets to one running service: bad parameters, odd
 * paths and encodings, wrong methods, bad heads and bodies, raw garbage. Each case is answered with its 4xx JSON (or
 * 505) or closed within the configured timeouts; never a 500, never a hang. Afterwards the service is healthy and the
 * /stats connection counters moved exactly as the cases predict.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedInputTest {
  // Short limits, so that every timeout case ends quickly.
  private static final long HEAD_TIMEOUT_MS = 500;
  private static final int IDLE_SECONDS = 1;
  private static final int MAX_HEADER_BYTES = 2048;
  private static final int MAX_LINE_BYTES = 2048;
  private static final int MAX_BODY_BYTES = 4096;
  private static final int MAX_CONNECTIONS = 16;
  /** How much later than its timeout a close may come on this shared 2-core machine before it counts as a hang. */
  private static final long SLACK_MS = 1000;
  /** How much earlier than its timeout a close may come (timers start at the accept, a little before our send). */
  private static final long EARLY_MS = 100;

  private static final TestService SERVICE = new TestService();
  private static final List<Case> RAN = new ArrayList<>();
  private static int port;
  private static JsonObject before;
  private static LogCapture logs;

  /**
   * One malformed input: how to send it and what must come back. {@code closes} is the /stats {@code http.closed}
   * counter the case moves by one (null: none). {@code knownBug} marks a case the server gets wrong today, in code
   * this test may not change; the final report has the diagnosis.
   */
  private record Case(String name, Check check, Closed closes, String knownBug) {
    Case bug(String diagnosis) {
      return new Case(name, check, closes, diagnosis);
    }
  }

  @FunctionalInterface
  private interface Check {
    void run(int port) throws Exception;
  }

  @BeforeAll
  static void start() throws Exception {
    JsonObject config = TestService.config(2);
    config.getJsonObject("http")
        .put("requestHeaderTimeoutMs", HEAD_TIMEOUT_MS)
        .put("idleTimeoutSeconds", IDLE_SECONDS)
        .put("maxHeaderBytes", MAX_HEADER_BYTES)
        .put("maxInitialLineBytes", MAX_LINE_BYTES)
        .put("maxBodyBytes", MAX_BODY_BYTES)
        .put("maxConnections", MAX_CONNECTIONS);
    port = SERVICE.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).port();
    before = stats();
    logs = LogCapture.open();
  }

  @AfterAll
  static void stop() throws Exception {
    if (logs != null) {
      logs.close();
    }
    SERVICE.close();
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> eachMalformedInputGetsItsAnswer() throws Exception {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      RAN.add(c);
      try {
        c.check().run(port);
      } catch (AssertionError e) {
        // The case's name leads the message: surefire's report numbers dynamic tests instead of naming them.
        throw new AssertionError(c.name() + ": " + (c.knownBug() == null ? "" : "KNOWN SERVER BUG ("
            + c.knownBug() + "): ") + e.getMessage(), e);
      }
    }));
  }

  @Test
  @Order(2)
  void theServiceIsHealthyAfterwardsAndItsCountersSayWhatHappened() throws Exception {
    assertEquals("up", exchange(get("/health")).json().getString("status"));
    assertEquals(200, exchange(get("/ready")).status());
    JsonObject after = awaitStats(s -> s.getLong("inFlight") == 0 && s.getJsonObject("http").getLong("open") == 1);
    for (String name : after.getJsonObject("pools").fieldNames()) {
      JsonObject pool = Stats.pool(after, name);
      Stats.assertAddsUp(pool);
      assertEquals(0L, pool.getLong("queued"), name);
      assertEquals(0L, pool.getLong("running"), name);
    }
    // Exact for the cases that work; each known-bug case may move one counter more (its prediction or another).
    Map<Closed, Long> predicted = new EnumMap<>(Closed.class);
    long bugCases = RAN.stream().filter(c -> c.knownBug() != null).count();
    RAN.stream().filter(c -> c.knownBug() == null && c.closes() != null)
        .forEach(c -> predicted.merge(c.closes(), 1L, Long::sum));
    JsonObject closedBefore = before.getJsonObject("http").getJsonObject("closed");
    JsonObject closedAfter = after.getJsonObject("http").getJsonObject("closed");
    List<String> wrong = new ArrayList<>();
    long beyond = 0;
    for (Closed why : Closed.values()) {
      long moved = closedAfter.getLong(why.label()) - closedBefore.getLong(why.label());
      long expected = predicted.getOrDefault(why, 0L);
      beyond += moved - expected;
      if (moved < expected || moved > expected + bugCases) {
        wrong.add(why.label() + " moved " + moved + ", predicted " + expected);
      }
    }
    if (beyond > bugCases) {
      wrong.add(beyond + " more closes than predicted, with " + bugCases + " known-bug cases");
    }
    assertTrue(wrong.isEmpty(), "http.closed counters: " + wrong + "; after: " + closedAfter.encode());
    assertEquals(List.of(), logs.lines(), "nothing logged at WARNING or above");
  }

  private static List<Case> cases() throws Exception {
    List<Case> cases = new ArrayList<>();
    queryParameters(cases);
    queryEncodings(cases);
    timeoutHeader(cases);
    jsonBodies(cases);
    hashFields(cases);
    mediaTypes(cases);
    bodyFraming(cases);
    headers(cases);
    methods(cases);
    paths(cases);
    requestLines(cases);
    garbageAndTimeouts(cases);
    return cases;
  }

  // ---- the cases, by family ----

  /** Values that are not a plain whole number, each as sent in the query string (null: the name alone). */
  private static final String[][] NOT_WHOLE_NUMBERS = {
      {"empty", ""}, {"name alone", null}, {"negative", "-1"}, {"decimal", "1.5"}, {"exponent", "1e3"},
      {"hex", "0x10"}, {"plus decodes to a space", "+1"}, {"encoded plus", "%2B1"}, {"leading space", "%201"},
      {"trailing space", "1%20"}, {"arabic-indic digit", "%D9%A1"}, {"fullwidth digit", "%EF%BC%91"},
      {"past Long.MAX_VALUE", "9223372036854775808"}, {"26 digits", "99999999999999999999999999"},
      {"underscore", "1_000"}, {"comma", "1,000"}, {"letters", "abc"}, {"NUL byte", "1%00"}};

  private static void queryParameters(List<Case> cases) {
    // Every whole-number parameter a GET takes, with the query it needs besides, and its range's outside.
    String[][] integers = {
        {"cpu", "iterations", "", "0", "10000001"},
        {"sleep", "ms", "", null, "60001"},
        {"db", "id", "query=point&", "0", "10000001"},
        {"db", "span", "query=range&", "0", "100001"}};
    for (String[] p : integers) {
      String base = "/work/" + p[0] + "?" + p[2];
      for (String[] bad : NOT_WHOLE_NUMBERS) {
        cases.add(refused(p[0] + "." + p[1] + " " + bad[0], get(base + p[1] + (bad[1] == null ? "" : "=" + bad[1])),
            400, "bad_request", p[1]));
      }
      if (p[3] != null) {
        cases.add(refused(p[0] + "." + p[1] + " below its range", get(base + p[1] + "=" + p[3]), 400, "bad_request",
            p[1]));
      }
      cases.add(refused(p[0] + "." + p[1] + " above its range", get(base + p[1] + "=" + p[4]), 400, "bad_request",
          p[1]));
    }
    String[][] repeated = {
        {"cpu", "iterations=1&iterations=1", "iterations"}, {"cpu", "iterations=1&seed=a&seed=b", "seed"},
        {"sleep", "ms=1&ms=2", "ms"}, {"db", "query=point&query=range", "query"},
        {"db", "query=point&id=1&id=1", "id"}, {"db", "query=range&span=1&span=2", "span"},
        {"db", "query=slow&contains=a&contains=a", "contains"}};
    for (String[] r : repeated) {
      cases.add(refused(r[0] + "." + r[2] + " repeated", get("/work/" + r[0] + "?" + r[1]), 400, "bad_request",
          r[2]));
    }
    cases.add(refused("cpu.iterations missing", get("/work/cpu"), 400, "bad_request", "iterations"));
    cases.add(refused("cpu.iterations missing, empty query", get("/work/cpu?"), 400, "bad_request", "iterations"));
    cases.add(refused("sleep.ms missing", get("/work/sleep"), 400, "bad_request", "ms"));
    cases.add(refused("db.query missing", get("/work/db?id=1"), 400, "bad_request", "query"));
    cases.add(refused("cpu.seed 1025 characters", get("/work/cpu?iterations=1&seed=" + "s".repeat(1025)), 400,
        "bad_request", "seed"));
    cases.add(refused("db.contains 33 characters", get("/work/db?query=slow&contains=" + "c".repeat(33)), 400,
        "bad_request", "contains"));
    for (String choice : new String[] {"Point", "", "point%20", "drop%3B", "%00"}) {
      cases.add(refused("db.query not a choice: " + choice, get("/work/db?query=" + choice), 400, "bad_request",
          "query"));
    }
    cases.add(refused("unknown parameter", get("/work/cpu?iterations=1&bogus=2"), 400, "bad_request", "bogus"));
    cases.add(refused("parameter names are case-sensitive", get("/work/cpu?ITERATIONS=1"), 400, "bad_request",
        "ITERATIONS"));
    cases.add(refused("a typo names the typo, not the missing one", get("/work/cpu?iteratons=5"), 400,
        "bad_request", "iteratons"));
    cases.add(refused("; does not separate parameters", get("/work/cpu?iterations=1;seed=x"), 400, "bad_request",
        "iterations"));
    cases.add(refused("a fragment is not part of the value", get("/work/cpu?iterations=1#top"), 400, "bad_request",
        "iterations"));
    // When a query is wrong in several ways, the answer names the same one every time: a pair that does not decode,
    // wherever it is, then the first unknown name, then the first repeated parameter.
    cases.add(refused("a bad escape comes before an unknown name", get("/work/cpu?bogus=1&seed=%zz"), 400,
        "bad_request", "query"));
    cases.add(refused("an unknown name comes before a repeat", get("/work/cpu?iterations=1&iterations=2&bogus=1&x=1"),
        400, "bad_request", "bogus"));
    cases.add(refused("a name %-encoded is the same name: repeated", get("/work/cpu?%69terations=1&iterations=2"), 400,
        "bad_request", "iterations"));
    cases.add(refused("a = inside a value belongs to the value", get("/work/cpu?iterations=1=2"), 400, "bad_request",
        "iterations"));
    // A request line of a thousand pairs without "=": each pair is read within its own bounds.
    cases.add(refused("many pairs without a value", get("/work/cpu?iterations=1" + "&a".repeat(1000)), 400,
        "bad_request", "a"));
  }

  private static void queryEncodings(List<Case> cases) {
    String[][] malformed = {
        {"lone %", "%"}, {"% and one digit", "%4"}, {"%G1", "%G1"}, {"%zz", "%zz"},
        {"overlong UTF-8 %C0%AF", "%C0%AF"}, {"byte %FF", "%FF"}, {"UTF-16 surrogate as UTF-8 %ED%A0%80", "%ED%A0%80"},
        {"truncated UTF-8 %E2%82", "%E2%82"}, {"raw byte 0xFF", "\u00ff"}, {"raw UTF-8 bytes of é", "\u00c3\u00a9"},
        {"raw DEL", "\u007f"}};
    for (String[] m : malformed) {
      cases.add(refused("query: " + m[0], get("/work/cpu?iterations=1&seed=" + m[1]), 400, "bad_request", "query"));
    }
    cases.add(refused("query: a value with no name", get("/work/cpu?=1"), 400, "bad_request", "query"));
    cases.add(refused("query: a bad escape in a name", get("/work/cpu?iterations=1&%zz=1"), 400, "bad_request",
        "query"));
    // What a strict decoder must still take, each checked by its hash: the seed really was what the client meant.
    cases.add(ok("query: ; inside a value is literal", get("/work/cpu?iterations=1&seed=a;b"), sha256("a;b")));
    cases.add(ok("query: + is a space", get("/work/cpu?iterations=1&seed=a+b"), sha256("a b")));
    cases.add(ok("query: %2B is a plus", get("/work/cpu?iterations=1&seed=a%2Bb"), sha256("a+b")));
    cases.add(ok("query: UTF-8 escapes decode", get("/work/cpu?iterations=1&seed=%E2%82%AC"), sha256("\u20ac")));
    cases.add(ok("query: lower-case hex escapes", get("/work/cpu?iterations=1&seed=%e2%82%ac"), sha256("\u20ac")));
    cases.add(ok("query: empty pieces between & are skipped", get("/work/cpu?&&iterations=1&&"), sha256("")));
    cases.add(ok("query: leading zeros are plain digits", get("/work/cpu?iterations=0001"), sha256("")));
  }

  private static void timeoutHeader(List<Case> cases) {
    String header = "X-Request-Timeout-Ms";
    for (String bad : new String[] {"0", "-1", "abc", "", "1.5", "3600001", "99999999999999999999", "+5", "0x10",
        "1e3", "5,5", "\u00d9\u00a1"}) {
      cases.add(refused(header + ": \"" + bad + "\"", request("GET", "/work/sleep?ms=0", header + ": " + bad + "\r\n"),
          400, "bad_request", header));
    }
    cases.add(refused(header + " twice", request("GET", "/work/sleep?ms=0", header + ": 5\r\n" + header + ": 6\r\n"),
        400, "bad_request", header));
    cases.add(ok(header + " at its maximum", request("GET", "/work/sleep?ms=0", header + ": 3600000\r\n"), null));
  }

  private static void jsonBodies(List<Case> cases) {
    String[][] notAnObject = {
        {"truncated", "{\"iterations\":"}, {"an array", "[1]"}, {"a string", "\"x\""}, {"a number", "5"},
        {"null", "null"}, {"true", "true"}, {"blank", "   "}, {"two objects", "{\"iterations\":1}{\"x\":1}"},
        {"trailing garbage", "{\"iterations\":1} x"}, {"unquoted name", "{iterations:1}"},
        {"single quotes", "{'iterations':1}"}, {"trailing comma", "{\"iterations\":1,}"},
        {"NaN", "{\"iterations\":NaN}"}, {"leading plus", "{\"iterations\":+1}"},
        {"leading zero", "{\"iterations\":01}"}, {"nesting 1001 deep", "[".repeat(1001) + "]".repeat(1001)},
        {"form encoding", "iterations=1"}};
    for (String[] b : notAnObject) {
      cases.add(refused("json body: " + b[0], postJson("/work/cpu", b[1]), 400, "bad_request", "body"));
    }
    cases.add(refused("json body: empty", post("/work/cpu", "application/json", new byte[0]), 400, "bad_request",
        "body"));
    cases.add(refused("json body: byte 0xFF", post("/work/cpu", "application/json",
        bytes("{\"iterations\":1,\"seed\":\"\u00ff\"}")), 400, "bad_request", "body"));
    cases.add(refused("json body: overlong UTF-8 C0 AF", post("/work/cpu", "application/json",
        bytes("{\"iterations\":1,\"seed\":\"\u00c0\u00af\"}")), 400, "bad_request", "body"));
    cases.add(refused("json body: Latin-1 bytes though it says charset=latin1", post("/work/cpu",
        "application/json; charset=latin1", bytes("{\"iterations\":1,\"seed\":\"caf\u00e9\"}")), 400, "bad_request",
        "body"));
    String[][] wrongField = {
        {"repeated", "{\"iterations\":1,\"iterations\":2}", "iterations"},
        {"a string for a number", "{\"iterations\":\"5\"}", "iterations"},
        {"a decimal", "{\"iterations\":1.5}", "iterations"},
        {"a boolean", "{\"iterations\":true}", "iterations"},
        {"null", "{\"iterations\":null}", "iterations"},
        {"an array", "{\"iterations\":[1]}", "iterations"},
        {"an object", "{\"iterations\":{\"a\":1}}", "iterations"},
        {"1e400", "{\"iterations\":1e400}", "iterations"},
        {"30 digits", "{\"iterations\":123456789012345678901234567890}", "iterations"},
        {"minus zero", "{\"iterations\":-0}", "iterations"},
        {"a number for text", "{\"iterations\":1,\"seed\":5}", "seed"},
        {"half a surrogate pair", "{\"iterations\":1,\"seed\":\"\\ud800\"}", "seed"},
        {"1025 characters", "{\"iterations\":1,\"seed\":\"" + "s".repeat(1025) + "\"}", "seed"},
        {"an unknown field", "{\"iterations\":1,\"extra\":5}", "extra"},
        {"a field in the wrong case", "{\"Iterations\":1}", "Iterations"}};
    for (String[] f : wrongField) {
      cases.add(refused("json field: " + f[0], postJson("/work/cpu", f[1]), 400, "bad_request", f[2]));
    }
    cases.add(refused("json: a query string besides the body", postJson("/work/cpu?iterations=1",
        "{\"iterations\":1}"), 400, "bad_request", "query"));
    cases.add(refused("json: db.query not a choice", postJson("/work/db", "{\"query\":\"drop\"}"), 400,
        "bad_request", "query"));
    cases.add(refused("json: db.query a number", postJson("/work/db", "{\"query\":1}"), 400, "bad_request", "query"));
    cases.add(refused("json: db.id out of range", postJson("/work/db", "{\"query\":\"point\",\"id\":0}"), 400,
        "bad_request", "id"));
    cases.add(refused("json: sleep.ms negative", postJson("/work/sleep", "{\"ms\":-1}"), 400, "bad_request", "ms"));
    cases.add(refused("json: sleep.ms above its range", postJson("/work/sleep", "{\"ms\":60001}"), 400,
        "bad_request", "ms"));
    cases.add(ok("json: 5.0 is a whole number", postJson("/work/cpu", "{\"iterations\":5.0}"), null));
    cases.add(ok("json: a surrogate pair is one character", postJson("/work/cpu",
        "{\"iterations\":1,\"seed\":\"\\ud83d\\ude00\"}"), sha256("\ud83d\ude00")));
  }

  /** Each field of the hash workload's JSON, in turn wrong while the others are right. */
  private static void hashFields(List<Case> cases) {
    JsonObject valid = new JsonObject().put("password", "p").put("salt", "s").put("iterations", 1).put("keyLength", 1);
    Object[] wrongTypes = {null, new io.vertx.core.json.JsonArray().add(1), new JsonObject().put("a", 1), true};
    for (String field : valid.fieldNames()) {
      boolean text = valid.getValue(field) instanceof String;
      for (Object wrong : wrongTypes) {
        cases.add(refused("hash." + field + " " + (wrong == null ? "null" : wrong.getClass().getSimpleName()),
            postJson("/work/hash", valid.copy().put(field, wrong).encode()), 400, "bad_request", field));
      }
      cases.add(refused("hash." + field + " " + (text ? "a number" : "a string"),
          postJson("/work/hash", valid.copy().put(field, text ? (Object) 5 : "5").encode()), 400, "bad_request", field));
      Object[] outside = text ? new Object[] {"", "x".repeat(1025)}
          : field.equals("iterations") ? new Object[] {0, 1_000_001} : new Object[] {0, 1025};
      for (Object value : outside) {
        cases.add(refused("hash." + field + " outside its range: " + (text ? ((String) value).length() + " characters"
            : value),
            postJson("/work/hash", valid.copy().put(field, value).encode()), 400, "bad_request", field));
      }
    }
    cases.add(refused("hash.password missing", postJson("/work/hash", "{\"salt\":\"s\"}"), 400, "bad_request",
        "password"));
    cases.add(refused("hash.salt missing", postJson("/work/hash", "{\"password\":\"p\"}"), 400, "bad_request",
        "salt"));
  }

  private static void mediaTypes(List<Case> cases) {
    String body = "{\"iterations\":1}";
    String[] refusedTypes = {"text/plain", "application/jsonx", "", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "json", "application/xml"};
    for (String type : refusedTypes) {
      cases.add(refused("content type \"" + type + "\"", post("/work/cpu", type, bytes(body)), 415,
          "unsupported_media_type", null));
    }
    cases.add(refused("no content type", post("/work/cpu", null, bytes(body)), 415, "unsupported_media_type", null));
    // RFC 8259: JSON is UTF-8 and application/json has no charset parameter; one given changes nothing.
    for (String type : new String[] {"application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json",
        "application/json;charset=latin1"}) {
      cases.add(ok("content type \"" + type + "\"", post("/work/cpu", type, bytes(body)), sha256("")));
    }
  }

  private static void bodyFraming(List<Case> cases) {
    String json = "{\"iterations\":1}";
    String head = "POST /work/cpu HTTP/1.1\r\nHost: offload\r\nContent-Type: application/json\r\n";
    cases.add(new Case("body above maxBodyBytes by Content-Length, never sent: 413 at once, closed when idle",
        p -> {
          try (RawHttp http = RawHttp.connect(p)) {
            http.send(head + "Content-Length: 100000\r\n\r\n");
            assertJsonError(http.read(), 413, "payload_too_large", null);
            assertIdleClose(http);
          }
        }, Closed.IDLE, null));
    cases.add(refused("body above maxBodyBytes, sent whole", post("/work/cpu", "application/json",
        bytes("{\"iterations\":1,\"seed\":\"" + "s".repeat(MAX_BODY_BYTES) + "\"}")), 413, "payload_too_large", null));
    String big = "{\"iterations\":1,\"seed\":\"" + "s".repeat(MAX_BODY_BYTES) + "\"}";
    cases.add(refused("chunked body above maxBodyBytes", bytes(head + "Connection: close\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n"),
        413, "payload_too_large", null));
    cases.add(new Case("chunked body above maxBodyBytes, never finished: 413, closed when idle", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send(head + "Transfer-Encoding: chunked\r\n\r\n" + "400\r\n" + "s".repeat(0x400) + "\r\n");
        for (int i = 0; i < 4; i++) {
          http.send("400\r\n" + "s".repeat(0x400) + "\r\n");
        }
        assertJsonError(http.read(), 413, "payload_too_large", null);
        assertIdleClose(http);
      }
    }, Closed.IDLE, null));
    cases.add(new Case("Content-Length above what is sent: closed when idle, no answer", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send(head + "Content-Length: 40\r\n\r\n{\"iter");
        assertIdleClose(http);
      }
    }, Closed.IDLE, null));
    cases.add(new Case("Expect: 100-continue, body never sent: 100, then closed when idle", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send(head + "Expect: 100-continue\r\nContent-Length: 16\r\n\r\n");
        assertEquals(100, http.read().status());
        assertIdleClose(http);
      }
    }, Closed.IDLE, null));
    cases.add(refused("Expect: something else", bytes(head + "Connection: close\r\nExpect: 200-ok\r\nContent-Length: "
        + json.length() + "\r\n\r\n" + json), 417, "expectation_failed", null));
    cases.add(new Case("Content-Length shorter than the body: the rest is a bad next request", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send(head + "Content-Length: 5\r\n\r\n" + json + "\r\n\r\n");
        assertJsonError(http.read(), 400, "bad_request", "body");
        assertJsonError(http.read(), 400, "bad_request", null);
        http.awaitClose(SLACK_MS);
      }
    }, Closed.MALFORMED, null));
    cases.add(ok("a body on a GET is ignored", request("GET", "/work/cpu?iterations=1", "Content-Length: 5\r\n", "hello"),
        sha256("")));
    for (String[] cl : new String[][] {{"twice, equal", "16\r\nContent-Length: 16"},
        {"twice, different", "16\r\nContent-Length: 5"}, {"a list", "16, 16"}, {"negative", "-1"},
        {"not a number", "abc"}, {"with a plus", "+16"}, {"20 digits", "99999999999999999999"}}) {
      cases.add(malformed("Content-Length " + cl[0], bytes(head + "Content-Length: " + cl[1] + "\r\n\r\n" + json),
          400, "bad_request", "Content-Length"));
    }
    // Vert.x alone would close the connection on a body the decoder cannot read, without an answer.
    cases.add(malformed("chunked: a chunk size that is not hex", bytes(head
        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + json + "\r\n0\r\n\r\n"), 400, "bad_request", "framing"));
    cases.add(malformed("chunked: more data than the chunk size", bytes(head
        + "Transfer-Encoding: chunked\r\n\r\n2\r\n" + json + "\r\n0\r\n\r\n"), 400, "bad_request", "framing"));
    // RFC 9112 6.3: a Transfer-Encoding whose last coding is not chunked cannot be framed: 400 and close. Netty alone
    // reads such a body as empty, and the body's bytes as the next request (smuggling).
    String smuggled = "GET /health HTTP/1.1\r\nHost: offload\r\n\r\n";
    for (String coding : new String[] {"gzip", "identity"}) {
      cases.add(new Case("Transfer-Encoding: " + coding + " is refused, and its body not run as a request", p -> {
        try (RawHttp http = RawHttp.connect(p)) {
          http.send(head + "Transfer-Encoding: " + coding + "\r\n\r\n" + smuggled);
          RawHttp.Response first = http.read();
          assertJsonError(first, 400, "bad_request", "Transfer-Encoding");
          http.awaitClose(SLACK_MS);
        }
      }, Closed.MALFORMED, null));
    }
    // RFC 9112 6.1: with both Content-Length and Transfer-Encoding the server MUST close after answering; Netty alone
    // drops the Content-Length and keeps the connection.
    cases.add(new Case("Content-Length with Transfer-Encoding: chunked wins, then the connection closes", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send(head + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(json.length())
            + "\r\n" + json + "\r\n0\r\n\r\n" + smuggled);
        assertOk(http.read(), sha256(""));
        http.awaitClose(SLACK_MS);
      }
    }, null, null));
  }

  private static void headers(List<Case> cases) {
    cases.add(refused("Host missing on HTTP/1.1", bytes("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"), 400,
        "bad_request", "Host"));
    for (String host : new String[] {"a b", "x@y", "x:99999", "[::1", "a/b"}) {
      cases.add(refused("Host \"" + host + "\"", bytes("GET /health HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n"), 400, "bad_request", "Host"));
    }
    cases.add(ok("Host empty, as RFC 9112 allows", bytes("GET /work/cpu?iterations=1 HTTP/1.1\r\nHost: \r\n"
        + "Connection: close\r\n\r\n"), sha256("")));
    cases.add(ok("no Host on HTTP/1.0", bytes("GET /work/cpu?iterations=1 HTTP/1.0\r\n\r\n"), sha256("")));
    // RFC 9112 3.2: more than one Host header MUST be answered 400; Vert.x alone takes the first.
    byte[] twoHosts = bytes("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
    cases.add(new Case("Host twice", p -> assertJsonError(exchange(p, twoHosts, true), 400, "bad_request", "Host"),
        Closed.MALFORMED, null));
    String[][] badHeaders = {
        {"a space in a header name", "Bad Header: x"}, {"a space before the colon", "X-A : x"},
        {"a header with no colon", "NoColon"}, {"NUL in a value", "X-A: a\u0000b"}, {"DEL in a value", "X-A: a\u007fb"},
        {"a CR alone in a value", "X-A: a\rb"}};
    for (String[] h : badHeaders) {
      cases.add(malformed(h[0], request("GET", "/health", h[1] + "\r\n"), 400, "bad_request", null));
    }
    cases.add(ok("obs-fold is unfolded (RFC 9112 5.2)", request("GET", "/work/cpu?iterations=1",
        "X-A: a\r\n folded\r\n"), sha256("")));
    cases.add(ok("obs-text bytes in a value", request("GET", "/work/cpu?iterations=1", "X-A: caf\u00e9\r\n"),
        sha256("")));
    cases.add(ok("100 small headers under maxHeaderBytes", request("GET", "/work/cpu?iterations=1",
        numbered("X-H%d: v\r\n", 100)), sha256("")));
    cases.add(malformed("one header above maxHeaderBytes", request("GET", "/health",
        "X-Big: " + "b".repeat(MAX_HEADER_BYTES + 10) + "\r\n"), 431, "headers_too_large", "maxHeaderBytes"));
    cases.add(malformed("400 headers above maxHeaderBytes", request("GET", "/health", numbered("X-H%d: v\r\n", 400)),
        431, "headers_too_large", "maxHeaderBytes"));
    cases.add(new Case("Upgrade: h2c is ignored (no cleartext HTTP/2)", p -> assertOk(exchange(p, bytes(
        "GET /work/cpu?iterations=1 HTTP/1.1\r\nHost: offload\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings"
            + "\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"), false), sha256("")), null, null));
    cases.add(new Case("Upgrade: websocket is ignored (no WebSocket endpoint)", p -> assertOk(exchange(p, bytes(
        "GET /work/cpu?iterations=1 HTTP/1.1\r\nHost: offload\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), false), sha256("")),
        null, null));
  }

  private static void methods(List<Case> cases) {
    String[] methods = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "get", "FOO", "M".repeat(100)};
    for (String target : new String[] {"/work/cpu?iterations=1", "/work/hash", "/health", "/stats"}) {
      for (String method : methods) {
        cases.add(refused(method.substring(0, Math.min(method.length(), 8)) + " " + target,
            request(method, target, ""), 405, "method_not_allowed", null));
      }
    }
    for (String target : new String[] {"/ready", "/metrics"}) {
      cases.add(refused("POST " + target, request("POST", target, ""), 405, "method_not_allowed", null));
    }
    cases.add(refused("POST /health with a JSON body", postJson("/health", "{}"), 405, "method_not_allowed", null));
    cases.add(refused("PUT /work/cpu with a JSON body", request("PUT", "/work/cpu", "Content-Type: application/json\r\n"
        + "Content-Length: 16\r\n", "{\"iterations\":1}"), 405, "method_not_allowed", null));
    cases.add(refused("CONNECT /health", request("CONNECT", "/health", ""), 405, "method_not_allowed", null));
    cases.add(refused("CONNECT in authority form", request("CONNECT", "offload:443", ""), 404, "not_found", null));
    cases.add(new Case("GET /work/hash: 405 with Allow: POST", p -> {
      RawHttp.Response r = exchange(p, get("/work/hash?password=a&salt=b"), false);
      assertJsonError(r, 405, "method_not_allowed", null);
      assertEquals("POST", r.header("Allow"), r.toString());
    }, null, null));
    cases.add(malformed("a method with an illegal character", request("G@T", "/health", ""), 400, "bad_request",
        "Method"));
    // HEAD is not routed (vertx-web's get() takes GET only): 405 like any other method, 404 off the routes, which
    // RFC 9110 allows an API. What matters is that no body follows the head: the next answer on the same connection
    // still reads right.
    String[][] heads = {{"/health", "405"}, {"/work/cpu?iterations=1", "405"}, {"/nowhere", "404"}};
    for (String[] h : heads) {
      cases.add(new Case("HEAD " + h[0] + ": " + h[1] + " with no body", p -> {
        try (RawHttp http = RawHttp.connect(p)) {
          http.send("HEAD " + h[0] + " HTTP/1.1\r\nHost: offload\r\n\r\n" + new String(get("/health"),
              StandardCharsets.ISO_8859_1));
          RawHttp.Response head = http.read(true);
          assertEquals(Integer.parseInt(h[1]), head.status(), head.toString());
          assertEquals("application/json", head.header("Content-Type"), head.toString());
          assertEquals("up", http.read().json().getString("status"), "the next answer on the connection");
        }
      }, null, null));
    }
  }

  private static void paths(List<Case> cases) {
    String[][] notFound = {
        {"unknown path", "/nowhere"}, {"/work alone", "/work"}, {"/work/ with no name", "/work/"},
        {"an extra segment", "/work/cpu/extra?iterations=1"}, {"a workload in upper case", "/work/CPU?iterations=1"},
        {"/Work", "/Work/cpu?iterations=1"}, {"an encoded slash", "/work%2Fcpu?iterations=1"},
        {"an encoded NUL", "/work/cpu%00?iterations=1"}, {"a raw NUL", "/work/cpu\u0000?iterations=1"},
        {"a backslash", "/work\\cpu?iterations=1"}, {"a path parameter", "/work/cpu;jsessionid=1?iterations=1"},
        {"encoded dot segments", "/work/%2e%2e%2f%2e%2e%2fetc%2fpasswd"}, {"dot segments above the root",
        "/../../etc/passwd"}, {"no leading slash", "work/cpu?iterations=1"}, {"asterisk form", "*"},
        {"a path of 1900 characters", "/" + "p".repeat(1900)}, {"a raw byte 0xFF", "/work/\u00ff"},
        {"escapes that are not UTF-8", "/work/%C0%AF"}, {"an encoded question mark", "/work/cpu%3Fiterations=1"}};
    for (String[] n : notFound) {
      cases.add(refused("path: " + n[0], get(n[1]), 404, "not_found", null));
    }
    for (String[] b : new String[][] {{"a lone %", "/work/%"}, {"%zz", "/work/%zz"}, {"%u escape", "/work/%u0063pu"},
        {"% and one digit", "/work/cp%7"}}) {
      cases.add(refused("path: " + b[0], get(b[1]), 400, "bad_request", "path"));
    }
    // Normalised as RFC 3986 says (or as vertx-web does), and served: none of these is an error.
    String[][] served = {
        {"a double slash", "//work/cpu?iterations=1"}, {"a dot segment", "/work/./cpu?iterations=1"},
        {"an escaped unreserved letter", "/work/cp%75?iterations=1"}, {"a trailing slash", "/work/cpu/?iterations=1"},
        {"absolute form", "http://offload/work/cpu?iterations=1"}};
    for (String[] s : served) {
      cases.add(ok("path: " + s[0], get(s[1]), sha256("")));
    }
    cases.add(new Case("path: dot segments lead to /health", p -> assertEquals("up",
        exchange(p, get("/work/%2e%2e/health"), true).json().getString("status")), null, null));
    cases.add(malformed("path: above maxInitialLineBytes", get("/" + "p".repeat(MAX_LINE_BYTES + 10)), 414,
        "uri_too_long", "maxInitialLineBytes"));
  }

  private static void requestLines(List<Case> cases) {
    String[][] badLines = {
        {"no version", "GET /health"}, {"method alone", "GET"}, {"a space in the target", "GET /he alth HTTP/1.1"},
        {"a tab in the target", "GET /work/cpu\t?iterations=1 HTTP/1.1"}, {"a fourth token",
        "GET /health HTTP/1.1 extra"}, {"a space after the version", "GET /health HTTP/1.1 "},
        {"version HTTP/1", "GET /health HTTP/1"}, {"version HTTP/11", "GET /health HTTP/11"},
        {"version HTTP/1.1.1", "GET /health HTTP/1.1.1"}};
    for (String[] l : badLines) {
      cases.add(malformed("request line: " + l[0], bytes(l[1] + "\r\nHost: offload\r\nConnection: close\r\n\r\n"),
          400, "bad_request", null));
    }
    cases.add(malformed("request line: LF line endings", bytes("GET /health HTTP/1.1\nHost: offload\n\n"), 400,
        "bad_request", null));
    cases.add(ok("request line: double spaces", bytes("GET  /work/cpu?iterations=1  HTTP/1.1\r\nHost: offload\r\n"
        + "Connection: close\r\n\r\n"), sha256("")));
    for (String version : new String[] {"HTTP/9.9", "HTTP/1.2", "HTTP/2.0", "HTTP/0.9"}) {
      cases.add(versionNotSupported("version " + version, "GET /health " + version + "\r\nHost: offload\r\n\r\n"));
    }
    cases.add(versionNotSupported("the HTTP/2 preface (h2c is off)", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    // A version token Netty parses leniently (case, leading zeros, another protocol name) is not HTTP-version syntax
    // (RFC 9112 2.3): 400. (Vert.x alone would answer an empty 501.)
    for (String version : new String[] {"http/1.1", "Http/1.1", "HTTP/01.1", "HTTP/1.01", "XTTP/1.1"}) {
      cases.add(malformed("version " + version, bytes("GET /health " + version + "\r\nHost: offload\r\n\r\n"), 400,
          "bad_request", "is not valid"));
    }
  }

  private static void garbageAndTimeouts(List<Case> cases) throws Exception {
    cases.add(closedAtHeadTimeout("nothing sent", new byte[0]));
    cases.add(closedAtHeadTimeout("half a request line", bytes("GET /hea")));
    cases.add(closedAtHeadTimeout("blank lines only", bytes("\r\n".repeat(20))));
    cases.add(closedAtHeadTimeout("NUL bytes", new byte[100]));
    cases.add(closedAtHeadTimeout("4 KB of blank lines", bytes("\r\n".repeat(MAX_LINE_BYTES))));
    byte[] hello = clientHello();
    int lf = indexOf(hello, (byte) '\n');
    // A ClientHello always holds 0x0A (the supported_groups extension's type is 10): up to it, no line is complete.
    cases.add(closedAtHeadTimeout("a TLS ClientHello up to its first LF byte", java.util.Arrays.copyOf(hello, lf)));
    cases.add(malformed("a TLS ClientHello (from SSLEngine)", hello, 400, "bad_request", null));
    Random random = new Random(42);
    byte[] noLineFeed = new byte[300];
    random.nextBytes(noLineFeed);
    for (int i = 0; i < noLineFeed.length; i++) {
      noLineFeed[i] = noLineFeed[i] == '\n' ? (byte) 'x' : noLineFeed[i];
    }
    cases.add(closedAtHeadTimeout("300 random bytes with no LF", noLineFeed));
    byte[] lines = noLineFeed.clone();
    for (int i = 50; i < lines.length; i += 50) {
      lines[i] = '\n';
    }
    cases.add(malformed("300 random bytes with LFs", lines, 400, "bad_request", null));
    cases.add(new Case("a head that never ends: 408, then closed", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send("GET /health HTTP/1.1\r\nHost: offload\r\n");
        assertJsonError(http.read(), 408, "request_timeout", null);
        assertTimedClose(http, HEAD_TIMEOUT_MS);
      }
    }, Closed.REQUEST_TIMEOUT, null));
    cases.add(new Case("slowloris: headers one byte every 150 ms: 408 at the head timeout", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        long first = System.nanoTime();
        http.send("GET /health HTTP/1.1\r\nHost: offload\r\n");
        trickle(http, "X-Slow: " + "s".repeat(100));
        assertJsonError(http.read(), 408, "request_timeout", null);
        long ms = (System.nanoTime() - first) / 1_000_000;
        assertTrue(ms >= HEAD_TIMEOUT_MS - EARLY_MS && ms < HEAD_TIMEOUT_MS + SLACK_MS, "408 after " + ms + " ms");
      }
    }, Closed.REQUEST_TIMEOUT, null));
    cases.add(new Case("a request line one byte every 150 ms: closed at the head timeout", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        long first = System.nanoTime();
        trickle(http, "GET /health HTTP/1.1\r\nHost: offload\r\n\r\n");
        http.awaitClose(HEAD_TIMEOUT_MS + SLACK_MS);
        long ms = (System.nanoTime() - first) / 1_000_000;
        assertTrue(ms >= HEAD_TIMEOUT_MS - EARLY_MS && ms < HEAD_TIMEOUT_MS + SLACK_MS, "closed after " + ms + " ms");
      }
    }, Closed.HEADER_TIMEOUT, null));
    cases.add(new Case("kept alive and idle after an answer: closed at the idle timeout", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send("GET /health HTTP/1.1\r\nHost: offload\r\n\r\n");
        assertEquals(200, http.read().status());
        assertIdleClose(http);
      }
    }, Closed.IDLE, null));
    cases.add(new Case("pipelined: two answers, then a 404 that closes", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send("GET /health HTTP/1.1\r\nHost: offload\r\n\r\nGET /work/cpu?iterations=1 HTTP/1.1\r\nHost: offload"
            + "\r\n\r\n" + new String(get("/nope"), StandardCharsets.ISO_8859_1));
        assertEquals(200, http.read().status());
        assertOk(http.read(), sha256(""));
        assertJsonError(http.read(), 404, "not_found", null);
        http.awaitClose(SLACK_MS);
      }
    }, null, null));
    cases.add(new Case("a good request, then garbage: 200, then 400 and closed", p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send("GET /health HTTP/1.1\r\nHost: offload\r\n\r\nGARBAGE\r\n\r\n");
        assertEquals(200, http.read().status());
        assertJsonError(http.read(), 400, "bad_request", null);
        http.awaitClose(SLACK_MS);
      }
    }, Closed.MALFORMED, null));
    cases.add(new Case("one connection above maxConnections: closed at once", p -> {
      // Connections of earlier cases may take a moment to close; the cap counts them until then.
      awaitStats(s -> s.getJsonObject("http").getLong("open") == 1);
      List<RawHttp> open = new ArrayList<>();
      try {
        // Each of these has had an answer, so the server surely counts it before the next one arrives.
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
          RawHttp http = RawHttp.connect(p);
          open.add(http);
          http.send("GET /health HTTP/1.1\r\nHost: offload\r\n\r\n");
          assertEquals(200, http.read().status());
        }
        try (RawHttp extra = RawHttp.connect(p)) {
          long ms = extra.awaitClose(HEAD_TIMEOUT_MS / 2);
          assertTrue(ms < HEAD_TIMEOUT_MS / 2, "closed after " + ms + " ms");
        }
      } finally {
        for (RawHttp http : open) {
          http.close();
        }
      }
    }, Closed.OVER_LIMIT, null));
  }

  // ---- case builders ----

  /** Answered with {@code status} and a JSON error naming {@code param} (null: none), then closed by the server. */
  private static Case refused(String name, byte[] request, int status, String error, String param) {
    return new Case(name, p -> assertJsonError(exchange(p, request, true), status, error, param), null, null);
  }

  /**
   * The HTTP decoder cannot read it: answered with {@code status} as JSON whose message mentions
   * {@code messagePart} (null: anything), then closed and counted as malformed.
   */
  private static Case malformed(String name, byte[] request, int status, String error, String messagePart) {
    return new Case(name, p -> {
      RawHttp.Response r = exchange(p, request, true);
      assertJsonError(r, status, error, null);
      if (messagePart != null) {
        assertTrue(r.json().getString("message").contains(messagePart), r.toString());
      }
    }, Closed.MALFORMED, null);
  }

  private static Case versionNotSupported(String name, String request) {
    return new Case(name, p -> assertJsonError(exchange(p, bytes(request), true), 505, "http_version_not_supported",
        null), Closed.VERSION_NOT_SUPPORTED, null);
  }

  /** Served: 200 with a work answer, and its result when {@code result} is given. */
  private static Case ok(String name, byte[] request, String result) {
    return new Case(name, p -> assertOk(exchange(p, request, false), result), null, null);
  }

  /** Not HTTP enough to answer: no byte comes back, and the connection closes at the head timeout. */
  private static Case closedAtHeadTimeout(String name, byte[] bytes) {
    return new Case(name, p -> {
      try (RawHttp http = RawHttp.connect(p)) {
        http.send(bytes);
        assertTimedClose(http, HEAD_TIMEOUT_MS);
      }
    }, Closed.HEADER_TIMEOUT, null);
  }

  // ---- assertions ----

  /** The response every refusal must be: its status, JSON with error and message, never a 5xx page or a trace. */
  private static void assertJsonError(RawHttp.Response r, int status, String error, String param) {
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/json", r.header("Content-Type"), r.toString());
    assertFalse(r.text().contains("Exception") || r.text().contains("<html") || r.text().contains("\tat "),
        "no stack trace or page: " + r);
    JsonObject body;
    try {
      body = r.json();
    } catch (DecodeException e) {
      throw new AssertionError("not a JSON object: " + r, e);
    }
    assertEquals(error, body.getString("error"), r.toString());
    assertFalse(body.getString("message", "").isBlank(), "a message: " + r);
    assertEquals(param, body.getString("param"), "param: " + r);
  }

  private static void assertOk(RawHttp.Response r, String result) {
    assertEquals(200, r.status(), r.toString());
    assertEquals("application/json", r.header("Content-Type"), r.toString());
    JsonObject body = r.json();
    assertNotNull(body.getString("workload"), r.toString());
    if (result != null) {
      assertEquals(result, body.getString("result"), r.toString());
    }
  }

  /** Closed no earlier than {@code timeoutMs} after our last byte (less a timer's head start), and not much later. */
  private static void assertTimedClose(RawHttp http, long timeoutMs) throws IOException {
    long ms = http.awaitClose(timeoutMs + SLACK_MS);
    assertTrue(ms >= timeoutMs - EARLY_MS, "closed after " + ms + " ms, before the " + timeoutMs + " ms timeout");
  }

  private static void assertIdleClose(RawHttp http) throws IOException {
    assertTimedClose(http, TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
  }

  // ---- requests ----

  /** One request on a new connection and its answer; with {@code closes}, the server must close it right after. */
  private static RawHttp.Response exchange(int port, byte[] request, boolean closes) throws IOException {
    try (RawHttp http = RawHttp.connect(port)) {
      RawHttp.Response response = http.send(request).read();
      if (closes) {
        http.awaitClose(SLACK_MS);
      }
      return response;
    }
  }

  private static RawHttp.Response exchange(byte[] request) throws IOException {
    return exchange(port, request, false);
  }

  private static byte[] get(String target) {
    return request("GET", target, "");
  }

  /** A request that asks the server to close after answering, so every case ends on a closed connection. */
  private static byte[] request(String method, String target, String headers) {
    return request(method, target, headers, "");
  }

  private static byte[] request(String method, String target, String headers, String body) {
    return bytes(method + " " + target + " HTTP/1.1\r\nHost: offload\r\nConnection: close\r\n" + headers + "\r\n"
        + body);
  }

  private static byte[] postJson(String target, String json) {
    return post(target, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** A POST with the body and its Content-Length; {@code contentType} null sends none. */
  private static byte[] post(String target, String contentType, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("POST " + target + " HTTP/1.1\r\nHost: offload\r\nConnection: close\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + body.length + "\r\n\r\n"));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** One byte per character (ISO-8859-1): "\u00ff" is the byte 0xFF, so a test can send any byte. */
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String numbered(String format, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(String.format(format, i));
    }
    return out.toString();
  }

  /** Sends one byte every 150 ms until the server answers or closes, or the text runs out. */
  private static void trickle(RawHttp http, String text) throws Exception {
    try {
      // Stop once an answer is there: a byte sent to a closed socket brings a reset that would discard it.
      for (int i = 0; i < text.length() && !http.hasInput(); i++) {
        http.send(text.substring(i, i + 1));
        Thread.sleep(150);
      }
    } catch (IOException closed) {
      // The server closed while we were still sending: what the caller waits for.
    }
  }

  /** A real TLS ClientHello, the first bytes a TLS client sends. */
  private static byte[] clientHello() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("offload", 443);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] hello = new byte[out.remaining()];
    out.get(hello);
    return hello;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new IllegalStateException("no byte " + b);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- /stats ----

  private static JsonObject stats() throws IOException {
    return exchange(get("/stats")).json();
  }

  /** Polls /stats until it shows what the test needs (connections close asynchronously); fails after 10 s. */
  private static JsonObject awaitStats(java.util.function.Predicate<JsonObject> until) throws Exception {
    JsonObject last = stats();
    for (long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); !until.test(last); last = stats()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("stats never reached the expected state: " + last.encode());
      }
      Thread.sleep(50);
    }
    return last;
  }
}
