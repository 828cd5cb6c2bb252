package dev.offload.http;

import dev.offload.workload.BadParameterException;
import dev.offload.workload.ParamParser;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Where a work request's parameters come from: the query string of a {@code GET}, or the JSON object of a
 * {@code POST}. Refusals name the parameter (or {@code query}, {@code body}) and say what was expected.
 */
final class WorkInput {
  private WorkInput() {
  }

  /**
   * The request's parameters, validated by the specs, or throws what the request did wrong.
   *
   * @param body a POST's whole body, read before this is called; ignored for a GET
   */
  static Params parse(HttpServerRequest request, Buffer body, List<ParamSpec> specs) {
    if (request.method() == HttpMethod.POST) {
      return ParamParser.parseJson(specs, fromBody(request, body, specs));
    }
    QueryValues query = QueryValues.of(request.query(), specs);
    return ParamParser.parseQuery(specs, query::single);
  }

  private static Function<String, Object> fromBody(HttpServerRequest request, Buffer buffer, List<ParamSpec> specs) {
    JsonBody.requireJsonType(request);
    String query = request.query();
    if (query != null && !query.isBlank()) {
      // One place per request: a value in both would be ambiguous, and a secret in a URL ends up in logs.
      throw new BadParameterException("query", "a POST takes its parameters from the JSON body only; remove the"
          + " query string");
    }
    JsonObject body = JsonBody.parse(buffer);
    for (String field : body.fieldNames()) {
      if (!declares(specs, field)) {
        throw new BadParameterException(field, "unknown field " + field + " (this workload takes: " + names(specs)
            + ")");
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

  /** A loop, not a stream: this runs for every parameter of every request. */
  private static boolean declares(List<ParamSpec> specs, String name) {
    return indexOf(specs, name) >= 0;
  }

  private static int indexOf(List<ParamSpec> specs, String name) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String names(List<ParamSpec> specs) {
    return String.join(", ", specs.stream().map(ParamSpec::name).toList());
  }

  /**
   * A query string's values, kept in arrays by the workload parameter's place (no map of lists per request).
   *
   * <p>Decoded strictly: only {@code &} separates them ({@code ;} is an ordinary character, as in the URL standard's
   * form encoding), {@code +} is a space, a %-escape must be complete and the decoded bytes UTF-8, and names are
   * case-sensitive, as in a JSON body. (vertx-web's decoder also splits at {@code ;}, replaces bytes that are not
   * UTF-8 and ignores the case of names: each would silently change a seed.)
   */
  private static final class QueryValues {
    private final List<ParamSpec> specs;
    private final String[] first;
    private final int[] counts;

    private QueryValues(List<ParamSpec> specs) {
      this.specs = specs;
      this.first = new String[specs.size()];
      this.counts = new int[specs.size()];
    }

    /** Every pair decoded (a malformed one is refused first), then the first unknown name, if any, refused. */
    static QueryValues of(String query, List<ParamSpec> specs) {
      QueryValues values = new QueryValues(specs);
      if (query == null) {
        return values;
      }
      String unknown = null;
      for (int start = 0; start <= query.length(); ) {
        int end = query.indexOf('&', start);
        if (end < 0) {
          end = query.length();
        }
        if (end > start) { // "a=1&&b=2" holds nothing between the two separators
          // The pair on its own: a search for '=' from here to the end of the query, for every pair, would make a
          // long query of pairs without '=' quadratic, on the event loop.
          String pair = query.substring(start, end);
          int eq = pair.indexOf('=');
          String name = decode(eq < 0 ? pair : pair.substring(0, eq));
          if (name.isEmpty()) {
            throw malformed("a value without a parameter name");
          }
          String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
          int at = indexOf(specs, name);
          if (at < 0) {
            unknown = unknown == null ? name : unknown;
          } else if (values.counts[at]++ == 0) {
            values.first[at] = value;
          }
        }
        start = end + 1;
      }
      if (unknown != null) {
        throw new BadParameterException(unknown, "unknown parameter " + unknown + " (this workload takes: "
            + names(specs) + ")");
      }
      return values;
    }

    /** The one value of a parameter, null when absent; a repeated parameter is ambiguous and refused. */
    String single(String param) {
      int at = indexOf(specs, param);
      if (counts[at] > 1) {
        throw new BadParameterException(param, param + " is given " + counts[at] + " times; give it once");
      }
      return first[at];
    }
  }

  private static String decode(String raw) {
    if (decodesToItself(raw)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hexDigit(raw.charAt(i + 2));
        if (low < 0) {
          throw malformed("% must start a two-digit hex escape");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c > ' ' && c < 0x7f) {
        bytes.write(c);
      } else {
        // The request line's bytes arrive as ISO-8859-1 characters: anything else must come %-encoded.
        throw malformed("a byte outside printable ASCII must be %-encoded");
      }
    }
    try {
      // newDecoder() reports malformed input instead of replacing it, and refuses overlong forms such as %C0%AF.
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw malformed("%-escapes that are not UTF-8");
    }
  }

  /** Printable ASCII without {@code %} or {@code +}: the usual {@code iterations=1}, decoded without a copy. */
  private static boolean decodesToItself(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '%' || c == '+') {
        return false;
      }
    }
    return true;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = Character.toLowerCase(c);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  private static BadParameterException malformed(String why) {
    return new BadParameterException("query", "malformed query string: " + why);
  }
}
