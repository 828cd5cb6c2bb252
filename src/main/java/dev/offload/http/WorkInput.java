package dev.offload.http;

import dev.offload.workload.BadParameterException;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.ParamParser;
import dev.offload.workload.Params;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a work request's parameters come from: the query string of a {@code GET}, or the JSON object of a
 * {@code POST}. Refusals name the parameter (or {@code body}) and say what was expected.
 */
final class WorkInput {
  /** Thrown for a body that is not JSON at all: the status is 415, not 400. */
  static final class UnsupportedMediaType extends RuntimeException {
    UnsupportedMediaType(String message) {
      super(message, null, false, false);
    }
  }

  private WorkInput() {
  }

  /** The request's parameters, validated by the specs, or throws what the request did wrong. */
  static Params parse(RoutingContext ctx, List<ParamSpec> specs) {
    if (ctx.request().method() == HttpMethod.POST) {
      return ParamParser.parseJson(specs, fromBody(ctx, specs));
    }
    return ParamParser.parseQuery(specs, param -> singleQueryParam(ctx, param));
  }

  private static Function<String, Object> fromBody(RoutingContext ctx, List<ParamSpec> specs) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (!isJson(contentType)) {
      throw new UnsupportedMediaType("the body must be a JSON object sent as Content-Type: application/json"
          + (contentType == null ? " (no Content-Type given)" : ", got " + contentType));
    }
    String query = ctx.request().query();
    if (query != null && !query.isBlank()) {
      // One place per request: a value in both would be ambiguous, and a secret in a URL ends up in logs.
      throw new BadParameterException("query", "a POST takes its parameters from the JSON body only; remove the"
          + " query string");
    }
    JsonObject body = jsonObject(ctx.body().buffer());
    Set<String> declared = specs.stream().map(ParamSpec::name).collect(Collectors.toSet());
    for (String field : body.fieldNames()) {
      if (!declared.contains(field)) {
        throw new BadParameterException(field, "unknown field " + field + " (this workload takes: "
            + String.join(", ", specs.stream().map(ParamSpec::name).toList()) + ")");
      }
    }
    return param -> {
      if (body.containsKey(param) && body.getValue(param) == null) {
        throw new BadParameterException(param, param + " must not be null");
      }
      return body.getValue(param);
    };
  }

  private static JsonObject jsonObject(Buffer buffer) {
    if (buffer == null || buffer.toString().isBlank()) {
      throw new BadParameterException("body", "the body must be a JSON object, got an empty body");
    }
    try {
      return new JsonObject(buffer);
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
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /** The one value of a query parameter, null when absent; a repeated parameter is ambiguous and refused. */
  private static String singleQueryParam(RoutingContext ctx, String param) {
    List<String> values;
    try {
      values = ctx.queryParam(param);
    } catch (RuntimeException e) {
      // vertx-web throws while decoding a malformed query string (e.g. a bad %-escape).
      throw new BadParameterException("query", "malformed query string: " + e.getMessage());
    }
    if (values.size() > 1) {
      throw new BadParameterException(param, param + " is given " + values.size() + " times; give it once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
