package dev.offload.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer writer gives exactly the text Vert.x's own encoder gives, for every kind of value an answer holds. */
class JsonWriterTest {

  @Test
  void sameTextAsVertxForEveryKindOfValue() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("found", true);
    row.put("amountCents", 129_99L);
    row.put("note", "ünïcødé \u2028 \"quoted\" back\\slash\ttab\u0001ctl </script>");
    JsonObject body = new JsonObject()
        .put("workload", "db").put("instance", 2).put("virtual", false).put("queuedMs", 0.877)
        .put("small", 1.0E-4).put("large", 1.5e21).put("float", 2.5f).put("negative", -3L)
        .put("big", new BigDecimal("12345678901234567890.5")).put("nothing", (Object) null)
        .put("node", new JsonObject().put("id", "a-b").put("pool", "io"))
        .put("list", new JsonArray().add(1).add("two").add(new JsonObject()).addNull())
        .put("result", row)
        .put("rows", List.of(Map.of("k", 1), "x"))
        .put("bytes", new byte[] {1, 2, 3})
        .put("at", Instant.parse("2026-11-26T17:00:00Z"))
        .put("", "empty key");
    assertEquals(body.encode(), JsonWriter.encode(body));
    assertEquals(new JsonObject().encode(), JsonWriter.encode(new JsonObject()));
    assertEquals("{\"status\":\"up\"}", JsonWriter.encode(new JsonObject().put("status", "up")));
  }

  @Test
  void fieldsWrittenOneByOneAreTheBytesVertxWouldSend() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("found", true);
    row.put("note", "ünïcødé");
    JsonObject expected = new JsonObject()
        .put("workload", "cpu").put("pool", (Object) null).put("instance", 3).put("zero", 0L).put("negative", -1234567L)
        .put("min", Long.MIN_VALUE).put("max", Long.MAX_VALUE).put("virtual", true).put("ordered", false)
        .put("queuedMs", 0.877).put("small", 1.0E-4).put("large", 1.5e21)
        .put("thread", "vert.x-virtual-thread-12").put("quoted", "a \"b\" c\\d\te\u0001 \u2028 </x>")
        .put("unicode", "ünïcødé ✓ \uD83D\uDE00").put("result", row).put("list", List.of(1, "two"))
        .put("del", "a\u007fb").put("plainThenQuote", "plain until the end\"").put("long", "x".repeat(500));
    Buffer written = JsonWriter.fields()
        .put("workload", "cpu").put("pool", (String) null).put("instance", 3).put("zero", 0L)
        .put("negative", -1234567L).put("min", Long.MIN_VALUE).put("max", Long.MAX_VALUE).put("virtual", true)
        .put("ordered", false).put("queuedMs", 0.877).put("small", 1.0E-4).put("large", 1.5e21)
        .put("thread", "vert.x-virtual-thread-12").put("quoted", "a \"b\" c\\d\te\u0001 \u2028 </x>")
        .putValue("unicode", "ünïcødé ✓ \uD83D\uDE00").putValue("result", row).putValue("list", List.of(1, "two"))
        // Plain ASCII is copied straight into the buffer: a character it cannot copy, even the last, sends the string
        // to the escaping writer instead; a string longer than the buffer's first size grows the buffer first.
        .put("del", "a\u007fb").put("plainThenQuote", "plain until the end\"").put("long", "x".repeat(500))
        .end();
    assertEquals(Buffer.buffer(expected.encode()), written);
    assertEquals(expected, new JsonObject(written));
    assertEquals(Buffer.buffer("{}"), JsonWriter.fields().end());
    assertThrows(EncodeException.class, () -> JsonWriter.fields().put("ms", Double.NaN));
  }

  @Test
  void whatEncodeRefusesIsRefusedTooSoTheAnswerIsA500NotAHang() {
    // A result that refers to itself: encode() stops at Jackson's depth limit; so must the writer, not overflow.
    Map<String, Object> cyclic = new LinkedHashMap<>();
    cyclic.put("self", cyclic);
    JsonObject body = new JsonObject().put("result", cyclic);
    assertThrows(RuntimeException.class, body::encode);
    assertThrows(EncodeException.class, () -> JsonWriter.encode(body));
    // A map whose keys are not strings cannot be a JSON object.
    JsonObject numbered = new JsonObject().put("result", Map.of(1, "one"));
    assertThrows(RuntimeException.class, numbered::encode);
    assertThrows(EncodeException.class, () -> JsonWriter.encode(numbered));
  }
}
