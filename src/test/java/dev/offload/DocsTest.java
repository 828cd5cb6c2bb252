package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.offload.compare.CompareSpecParser;
import dev.offload.config.ConfigKeys;
import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import dev.offload.workload.db.DbSettings;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README and docs/ true to the code: every JSON example is JSON, every config or compare file shown is
 * one that offload accepts, configuration.md documents exactly the keys the parser knows, and every relative link
 * (and its #anchor) leads somewhere.
 */
class DocsTest {
  @org.junit.jupiter.api.io.TempDir
  static Path temp;
  private static Path certs;

  /** Certificates for the nodes the docs' cluster examples name, made once. */
  private static Path certs() {
    if (certs == null) {
      try {
        certs = ClusterCerts.make(temp.resolve("certs"), "front", "worker1", "worker2");
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("scripts/cluster-certs.sh failed", e);
      }
    }
    return certs;
  }

  // Maven runs the tests in the project's folder.
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([^\\s`]*)");
  private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern KEY_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

  /** A fenced code block: its language tag, its text and the line it starts on. */
  private record Block(Path page, int line, String language, String text) {
    String where() {
      return ROOT.relativize(page) + ":" + line;
    }
  }

  @Test
  void everyJsonExampleIsJsonAndEveryConfigOrCompareFileShownIsAccepted() throws IOException {
    ConfigParser configs = new ConfigParser(Workloads.builtIn(), 25);
    Set<String> configSections = topSections();
    int configsParsed = 0;
    int compareFilesParsed = 0;
    List<String> problems = new ArrayList<>();
    for (Path page : pages()) {
      for (Block block : blocks(page)) {
        if (!block.language().equals("json")) {
          continue;
        }
        Object value;
        try {
          value = Json.decodeValue(block.text());
        } catch (DecodeException e) {
          problems.add(block.where() + ": not JSON (a fragment goes in a jsonc block): " + e.getMessage());
          continue;
        }
        if (!(value instanceof JsonObject json) || json.isEmpty()) {
          continue;
        }
        try {
          if (configSections.containsAll(json.fieldNames())) {
            // cluster.tls files are the user's, made by scripts/cluster-certs.sh: the test's own stand in.
            configs.parse(ClusterCerts.withFilesFrom(json, certs()));
            configsParsed++;
          } else if (CompareSpecParser.TOP.containsAll(json.fieldNames())) {
            // Written as if the file sat at the repository's top, so a baseConfig reads "conf/config.json".
            CompareSpecParser.parse(json, ROOT);
            compareFilesParsed++;
          }
        } catch (RuntimeException e) {
          problems.add(block.where() + ": refused: " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), problems);
    // The checks above must have had something to check: the docs show whole configs and compare files.
    assertTrue(configsParsed >= 5, "config blocks parsed: " + configsParsed);
    assertTrue(compareFilesParsed >= 1, "compare-file blocks parsed: " + compareFilesParsed);
  }

  @Test
  void configurationMdDocumentsEveryKeyTheParserKnowsAndNoOther() throws IOException {
    Set<String> known = new LinkedHashSet<>();
    for (String leaf : ConfigKeys.leaves()) {
      if (leaf.equals("workloads.<workload>")) {
        // Each workload checks its own section; the built-in db workload's keys are documented one by one.
        DbSettings.KEYS.forEach(key -> known.add("workloads.db." + key));
      } else {
        known.add(leaf);
      }
    }
    Set<String> tops = topSections();
    Set<String> documented = new LinkedHashSet<>();
    for (String line : Files.readAllLines(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8)) {
      Matcher row = KEY_ROW.matcher(line);
      if (row.find() && tops.contains(row.group(1).split("\\.")[0])) {
        documented.add(row.group(1));
      }
    }
    Set<String> undocumented = new TreeSet<>(known);
    undocumented.removeAll(documented);
    Set<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(known);
    unknown.removeAll(ConfigKeys.sections());
    assertEquals(Set.of(), undocumented, "keys the parser knows that docs/configuration.md has no row for");
    assertEquals(Set.of(), unknown, "rows of docs/configuration.md that name no key the parser knows");
  }

  @Test
  void everyRelativeLinkLeadsToAFileAndItsAnchorToAHeading() throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    int checked = 0;
    for (Path page : pages()) {
      List<String> lines = proseLines(page, true);
      for (int i = 0; i < lines.size(); i++) {
        Matcher link = LINK.matcher(lines.get(i));
        while (link.find()) {
          String target = link.group(1);
          if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            continue; // https:, mailto: and the like: not ours to check here
          }
          checked++;
          String where = ROOT.relativize(page) + ":" + (i + 1) + ": " + target;
          int hash = target.indexOf('#');
          String file = hash < 0 ? target : target.substring(0, hash);
          Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
          if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
            broken.add(where + " (no such file)");
          } else if (hash >= 0 && resolved.toString().endsWith(".md")) {
            String anchor = target.substring(hash + 1);
            if (!anchors.computeIfAbsent(resolved, DocsTest::headingSlugs).contains(anchor)) {
              broken.add(where + " (no heading with that anchor in " + ROOT.relativize(resolved) + ")");
            }
          }
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(checked >= 20, "relative links checked: " + checked);
  }

  @Test
  void theReadmeStaysAFirstPage() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.length() <= 12_000, "README.md is " + readme.length() + " characters; the limit is 12,000"
        + " (the manual is docs/)");
    for (String page : List.of("configuration", "api", "compare", "operations", "performance", "architecture",
        "plugins")) {
      assertTrue(readme.contains("(docs/" + page + ".md"), "README.md links docs/" + page + ".md");
    }
  }

  /** The slug GitHub gives each heading: lower case, punctuation dropped, spaces to '-', repeats numbered. */
  static Set<String> headingSlugs(Path page) {
    Set<String> slugs = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    try {
      for (String line : proseLines(page, false)) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
          String slug = slug(heading.group(2));
          int n = seen.merge(slug, 1, Integer::sum) - 1;
          slugs.add(n == 0 ? slug : slug + "-" + n);
        }
      }
    } catch (IOException e) {
      fail("cannot read " + page + ": " + e);
    }
    return slugs;
  }

  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        out.append(c);
      } else if (c == ' ') {
        out.append('-');
      }
    }
    return out.toString();
  }

  @Test
  void slugsAreGitHubs() {
    assertEquals("get-stats-fields", slug("`GET /stats`: fields"));
    assertEquals("running-on-several-nodes", slug("Running on several nodes"));
    assertEquals("event-loops-first--the-nice-setting", slug("Event loops first — the `nice` setting"));
  }

  /** The config file's top-level sections (http, pools, routes...). */
  private static Set<String> topSections() {
    Set<String> out = new TreeSet<>();
    for (String section : ConfigKeys.sections()) {
      if (!section.contains(".")) {
        out.add(section);
      }
    }
    return out;
  }

  /** README.md and every Markdown file under docs/, examples/ and plugins/. */
  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    for (String dir : List.of("docs", "examples", "plugins")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
      }
    }
    return pages;
  }

  private static List<Block> blocks(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.find()) {
        continue;
      }
      String fence = open.group(1);
      StringBuilder text = new StringBuilder();
      int start = i + 1;
      for (i++; i < lines.size() && !lines.get(i).trim().startsWith(fence); i++) {
        text.append(lines.get(i)).append('\n');
      }
      out.add(new Block(page, start, open.group(2).toLowerCase(Locale.ROOT), text.toString()));
    }
    return out;
  }

  /**
   * The page's lines with code blocks blanked (a '#' line in a shell block is no heading), and with
   * {@code dropInlineCode} inline code too, so that only prose links are read.
   */
  private static List<String> proseLines(Path page, boolean dropInlineCode) throws IOException {
    List<String> out = new ArrayList<>();
    String fence = null;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      Matcher open = FENCE.matcher(line);
      if (fence == null && open.find()) {
        fence = open.group(1);
        out.add("");
      } else if (fence != null) {
        if (line.trim().startsWith(fence)) {
          fence = null;
        }
        out.add("");
      } else {
        out.add(dropInlineCode ? line.replaceAll("`[^`]*`", "code") : line);
      }
    }
    return out;
  }
}
