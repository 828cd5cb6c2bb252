package dev.offload.http;

import com.fasterxml.jackson.core.JsonParser;
import dev.offload.workload.BadParameterException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A request body that must be one JSON object (work requests, admin calls): a body sent as another media type is
 * refused with {@link UnsupportedMediaType} (415), one that is not a JSON object with a 400 naming {@code body}.
 */
public final class JsonBody {
  /** The body is not declared as JSON at all: the status is 415, not 400. */
  public static final class UnsupportedMediaType extends RuntimeException {
    UnsupportedMediaType(String message) {
      super(message, null, false, false);
    }
  }

  private JsonBody() {
  }

  /** The body as a JSON object (needs a {@code BodyHandler} before the handler). */
  public static JsonObject object(RoutingContext ctx) {
    requireJsonType(ctx.request());
    return parse(ctx.body().buffer());
  }

  static void requireJsonType(HttpServerRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (!isJson(contentType)) {
      throw new UnsupportedMediaType("the body must be a JSON object sent as Content-Type: application/json"
          + (contentType == null ? " (no Content-Type given)" : ", got " + contentType));
    }
  }

  static JsonObject parse(Buffer buffer) {
    if (buffer == null || buffer.toString().isBlank()) {
      throw new BadParameterException("body", "the body must be a JSON object, got an empty body");
    }
    requireUtf8(buffer);
    JsonObject object;
    try {
      object = new JsonObject(buffer);
    } catch (DecodeException | ClassCastException notAnObject) {
      Object other;
      try {
        other = Json.decodeValue(buffer);
      } catch (DecodeException e) {
        throw new BadParameterException("body", "the body is not valid JSON: " + firstLine(e.getMessage()));
      }
      throw new BadParameterException("body", "the body must be a JSON object, got "
          + (other instanceof JsonArray ? "an array" : "a single value"));
    }
    String repeated = repeatedField(buffer);
    if (repeated != null) {
      throw new BadParameterException(repeated, repeated + " is given more than once; give it once");
    }
    return object;
  }

  /**
   * JSON is UTF-8 (RFC 8259). Jackson lets some invalid sequences through, e.g. the overlong {@code C0 AF} for
   * {@code /}, so a value could differ from the bytes the client sent; the JDK's decoder refuses them.
   */
  private static void requireUtf8(Buffer buffer) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buffer.getBytes()));
    } catch (CharacterCodingException e) {
      throw new BadParameterException("body", "the body is not valid UTF-8 (JSON must be UTF-8)");
    }
  }

  /**
   * The first top-level field the object gives twice, or null. Vert.x keeps the last of them silently, which would
   * make {@code {"iterations": 1, "iterations": 9}} mean whichever the client did not intend.
   */
  private static String repeatedField(Buffer buffer) {
    Set<String> seen = new HashSet<>();
    try (JsonParser parser = JacksonCodec.createParser(buffer)) {
      parser.nextToken(); // the object's start: it parsed as an object above
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        if (!seen.add(name)) {
          return name;
        }
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException e) {
      throw new BadParameterException("body", "the body is not valid JSON: " + firstLine(e.getMessage()));
    }
    return null;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
