package dev.offload.http;

import dev.offload.workload.BadParameterException;
import dev.offload.workload.ParamParser;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * Where a work request's parameters come from: the query string of a {@code GET}, or the JSON object of a
 * {@code POST}. Refusals name the parameter (or {@code body}) and say what was expected.
 */
final class WorkInput {
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
    JsonBody.requireJsonType(ctx);
    String query = ctx.request().query();
    if (query != null && !query.isBlank()) {
      // One place per request: a value in both would be ambiguous, and a secret in a URL ends up in logs.
      throw new BadParameterException("query", "a POST takes its parameters from the JSON body only; remove the"
          + " query string");
    }
    JsonObject body = JsonBody.parse(ctx.body().buffer());
    for (String field : body.fieldNames()) {
      if (specs.stream().noneMatch(spec -> spec.name().equals(field))) {
        throw new BadParameterException(field, "unknown field " + field + " (this workload takes: "
            + String.join(", ", specs.stream().map(ParamSpec::name).toList()) + ")");
      }
    }
    return param -> {
      Object value = body.getValue(param);
      if (value == null && body.containsKey(param)) {
        throw new BadParameterException(param, param + " must not be null");
      }
      // Plain Java values for the Vert.x-free parser: a nested array or object as a List or a Map.
      if (value instanceof JsonArray) {
        return ((JsonArray) value).getList();
      }
      return value instanceof JsonObject ? ((JsonObject) value).getMap() : value;
    };
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

}
