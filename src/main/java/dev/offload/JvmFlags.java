package dev.offload;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options a child offload process gets (compare's services, cluster workers, the tests' children): the
 * internal packages Hazelcast asks for (otherwise every clustered start logs a WARNING and Hazelcast falls back to
 * slower code), and on Java 23+ leave for its {@code sun.misc.Unsafe} use, which the JVM would warn about. The jar's
 * manifest carries the first part for {@code java -jar}; {@code run.sh} adds the second.
 */
public final class JvmFlags {
  private JvmFlags() {
  }

  public static List<String> forChildJvm() {
    List<String> flags = new ArrayList<>(List.of(
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 23) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }
}
