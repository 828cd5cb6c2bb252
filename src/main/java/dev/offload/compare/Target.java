package dev.offload.compare;

import dev.offload.load.LoadRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Where a comparison sends its load, and how a scenario's route and parameters become a request. */
interface Target {

  String host();

  int port();

  /** The request for one load; throws {@link IllegalArgumentException} when the target cannot serve that route. */
  LoadRequest request(Scenario.Load load);

  /** The path the event-loop probe requests, or null when the target has none. */
  String probePath();

  /**
   * An offload child started by the comparison: {@code GET /work/<route>?<params>}, or a POST of the params as a
   * JSON object; probed at {@code /health}.
   */
  record Offload(String host, int port) implements Target {
    @Override
    public LoadRequest request(Scenario.Load load) {
      if (load.post()) {
        return LoadRequest.postJson("/work/" + load.route(), new JsonObject(new LinkedHashMap<>(load.params()))
            .encode());
      }
      String query = load.params().entrySet().stream()
          .map(e -> encode(e.getKey()) + "=" + encode(String.valueOf(e.getValue())))
          .collect(Collectors.joining("&"));
      return LoadRequest.get("/work/" + load.route() + (query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public String probePath() {
      return "/health";
    }
  }

  /** A service already running: paths come from its templates, e.g. {@code /gil?n={iterations}}. */
  record External(String host, int port, Map<String, String> templates) implements Target {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    @Override
    public LoadRequest request(Scenario.Load load) {
      if (load.post()) {
        throw new IllegalArgumentException("an external target takes GET path templates only; route \""
            + load.route() + "\" is a POST");
      }
      String template = templates.get(load.route());
      if (template == null) {
        throw new IllegalArgumentException("the target has no path for route \"" + load.route() + "\" (paths: "
            + String.join(", ", templates.keySet()) + ")");
      }
      Matcher m = PLACEHOLDER.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        Object value = load.params().get(m.group(1));
        if (value == null) {
          throw new IllegalArgumentException("path " + template + " needs parameter " + m.group(1)
              + ", which the scenario does not give");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(encode(String.valueOf(value))));
      }
      m.appendTail(out);
      return LoadRequest.get(out.toString());
    }

    @Override
    public String probePath() {
      return templates.get("health");
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
