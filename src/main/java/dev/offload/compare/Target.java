package dev.offload.compare;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Where a comparison sends its load, and how a scenario's route and parameters become a request path. */
interface Target {

  String host();

  int port();

  /** The path for one load; throws {@link IllegalArgumentException} when the target cannot serve that route. */
  String path(Scenario.Load load);

  /** The path the event-loop probe requests, or null when the target has none. */
  String probePath();

  /** An offload child started by the comparison: {@code /work/<route>?<params>}, probed at {@code /health}. */
  record Offload(String host, int port) implements Target {
    @Override
    public String path(Scenario.Load load) {
      String query = load.params().entrySet().stream()
          .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
          .collect(Collectors.joining("&"));
      return "/work/" + load.route() + (query.isEmpty() ? "" : "?" + query);
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
    public String path(Scenario.Load load) {
      String template = templates.get(load.route());
      if (template == null) {
        throw new IllegalArgumentException("the target has no path for route \"" + load.route() + "\" (paths: "
            + String.join(", ", templates.keySet()) + ")");
      }
      Matcher m = PLACEHOLDER.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = load.params().get(m.group(1));
        if (value == null) {
          throw new IllegalArgumentException("path " + template + " needs parameter " + m.group(1)
              + ", which the scenario does not give");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(encode(value)));
      }
      m.appendTail(out);
      return out.toString();
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
