package dev.offload.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON of an answer itself (the ok answer's fields straight into its buffer, any other answer into a
 * StringBuilder): the same text as {@link JsonObject#encode()} for the values answers hold (objects, arrays, maps,
 * lists, strings, numbers, booleans, null), without a Jackson generator per answer, which was a tenth of a small
 * request's cost. Any other value is handed to Vert.x's own codec.
 */
final class JsonWriter {
  private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();
  /** Jackson's default nesting limit: deeper (or cyclic) values are refused, as {@code encode()} refuses them. */
  private static final int MAX_DEPTH = 1000;
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private JsonWriter() {
  }

  /** An object written field by field, for an answer whose keys are fixed: no map to fill and walk per answer. */
  static Fields fields() {
    return new Fields();
  }

  /**
   * The fields of one JSON object, in the order they are put, written as UTF-8 straight into the buffer the answer is
   * sent from; {@link #end} closes it. A StringBuilder would copy the text three times more per answer (to a String,
   * to its bytes, to Vert.x's buffer), which a load of small requests feels in both time and garbage.
   */
  static final class Fields {
    // A plain heap buffer: nothing to release, so Vert.x's write path cannot leak it (it wraps it as unreleasable).
    private final ByteBuf out = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 320, Integer.MAX_VALUE);

    private Fields() {
      out.writeByte('{');
    }

    Fields put(String key, String value) {
      name(key);
      if (value == null) {
        out.writeBytes(NULL);
      } else {
        writeString(value);
      }
      return this;
    }

    Fields put(String key, long value) {
      name(key);
      ByteBufUtil.writeAscii(out, Long.toString(value));
      return this;
    }

    /** As {@link JsonObject#encode()} writes a finite double; NaN and infinities have no JSON form and are refused. */
    Fields put(String key, double value) {
      if (!Double.isFinite(value)) {
        throw new EncodeException("a JSON number is finite, got " + value);
      }
      name(key);
      ByteBufUtil.writeAscii(out, Double.toString(value));
      return this;
    }

    Fields put(String key, boolean value) {
      name(key);
      out.writeBytes(value ? TRUE : FALSE);
      return this;
    }

    /** Any value {@link #encode} takes: a plug-in's result, say. */
    Fields putValue(String key, Object value) {
      name(key);
      if (value instanceof String) {
        writeString((String) value);
      } else {
        StringBuilder text = new StringBuilder(64);
        writeValue(text, value, 1);
        ByteBufUtil.writeUtf8(out, text);
      }
      return this;
    }

    /** Closes the object: the answer's body, ready to send. */
    Buffer end() {
      out.writeByte('}');
      return BufferInternal.buffer(out);
    }

    private void name(String key) {
      if (out.writerIndex() > 1) {
        out.writeByte(',');
      }
      writeString(key);
      out.writeByte(':');
    }

    private void writeString(String text) {
      if (!writePlainAscii(text)) {
        StringBuilder quoted = new StringBuilder(text.length() + 16);
        JsonWriter.writeString(quoted, text);
        ByteBufUtil.writeUtf8(out, quoted);
      }
    }

    /**
     * Names, thread names, hex digests: nearly every string of an answer is printable ASCII that needs no escape. Such
     * a string is checked and copied into the buffer's array in one pass (a check, then Netty's UTF-8 writer, was two
     * passes, about a tenth of an event-loop request's profile); anything else writes nothing and returns false.
     */
    private boolean writePlainAscii(String text) {
      int length = text.length();
      out.ensureWritable(length + 2);
      byte[] bytes = out.array();
      int start = out.arrayOffset() + out.writerIndex();
      int at = start;
      bytes[at++] = '"';
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          return false;
        }
        bytes[at++] = (byte) c;
      }
      bytes[at++] = '"';
      out.writerIndex(out.writerIndex() + (at - start));
      return true;
    }
  }

  static String encode(JsonObject object) {
    StringBuilder out = new StringBuilder(256);
    writeObject(out, object.getMap(), 1);
    return out.toString();
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
    checkDepth(depth);
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (!(e.getKey() instanceof String)) {
        // encode() refuses such keys too (a ClassCastException or a NullPointerException): the answer is a 500.
        throw new EncodeException("a JSON object's keys are strings, got " + e.getKey());
      }
      writeString(out, (String) e.getKey());
      out.append(':');
      writeValue(out, e.getValue(), depth);
    }
    out.append('}');
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new EncodeException("the answer nests deeper than " + MAX_DEPTH + " levels (or refers to itself)");
    }
  }

  private static void writeValue(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      writeString(out, (String) value);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof Double || value instanceof Float || value instanceof BigInteger
        || value instanceof BigDecimal) {
      // Jackson writes these with their toString; a NaN or infinite double has no JSON form either way.
      if ((value instanceof Double && !Double.isFinite((Double) value))
          || (value instanceof Float && !Float.isFinite((Float) value))) {
        out.append(Json.CODEC.toString(value));
      } else {
        out.append(value);
      }
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value).booleanValue());
    } else if (value instanceof JsonObject) {
      writeObject(out, ((JsonObject) value).getMap(), depth + 1);
    } else if (value instanceof Map) {
      writeObject(out, (Map<?, ?>) value, depth + 1);
    } else if (value instanceof JsonArray) {
      writeList(out, ((JsonArray) value).getList(), depth + 1);
    } else if (value instanceof List) {
      writeList(out, (List<?>) value, depth + 1);
    } else {
      // Anything else (bytes, instants, enums, a plug-in's own type) as Vert.x encodes it, or its exception.
      out.append(Json.CODEC.toString(value));
    }
  }

  private static void writeList(StringBuilder out, List<?> list, int depth) {
    checkDepth(depth);
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeValue(out, list.get(i), depth);
    }
    out.append(']');
  }

  private static void writeString(StringBuilder out, String text) {
    out.append('"');
    if (needsEscape(text)) {
      QUOTER.quoteAsString(text, out);
    } else {
      // Names, thread names, hex digests: nearly every string of an answer is written as it is.
      out.append(text);
    }
    out.append('"');
  }

  /** True when Jackson would escape a character of {@code text}: a control character, a quote, a backslash. */
  private static boolean needsEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
