package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the package dependencies to the directions docs/architecture.md gives: the lower layers name nothing above
 * them, so each can be read, tested and changed without the ones that use it.
 */
class DependencyDirectionTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/offload");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.offload\\.([A-Za-z0-9_.]+);",
      Pattern.MULTILINE);

  @Test
  void httpNamesNoAdminClass() throws IOException {
    assertImportsNone("http", "admin.");
  }

  @Test
  void compareDoesNotNameTheCommandLine() throws IOException {
    assertImportsNone("compare", "Main", "CommandLine");
  }

  @Test
  void metricsNamesNoDispatchClass() throws IOException {
    assertImportsNone("metrics", "dispatch.");
  }

  @Test
  void clusterAndAdminNameNoHttpClassButTheAdminApisHelpers() throws IOException {
    assertImportsNone("cluster", "http.");
    // The admin API is served over HTTP and answers errors as every endpoint does: it uses http's helpers, not the
    // other way round.
    List<String> adminToHttp = importsOf("admin", "http.");
    adminToHttp.removeAll(List.of("admin/AdminApi.java: http.ApiErrors", "admin/AdminApi.java: http.JsonBody",
        "admin/AdminApi.java: http.RouterMount"));
    assertEquals(List.of(), adminToHttp);
  }

  @Test
  void theCoreNamesNoTransport() throws IOException {
    for (String core : List.of("config", "workload", "dispatch", "service")) {
      assertImportsNone(core, "http.", "admin.", "compare.", "cluster.", "dashboard.");
    }
  }

  private static void assertImportsNone(String from, String... prefixes) throws IOException {
    for (String prefix : prefixes) {
      assertEquals(List.of(), importsOf(from, prefix), from + " must not use " + prefix);
    }
  }

  /** The imports of package {@code from} (its sub-packages included) that start with dev.offload.{@code prefix}. */
  private static List<String> importsOf(String from, String prefix) throws IOException {
    Path dir = SOURCES.resolve(from);
    assertTrue(Files.isDirectory(dir), "no package " + dir);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          if (m.group(1).startsWith(prefix)) {
            found.add(SOURCES.relativize(file) + ": " + m.group(1));
          }
        }
      }
    }
    return found;
  }
}
