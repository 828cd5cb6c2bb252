package dev.offload.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Lowers a pool thread's OS priority (its Linux nice value), so that an event loop that wakes up gets a core before
 * pool threads busy with CPU work. The JDK has no per-thread nice: {@code Thread.setPriority} is ignored on Linux
 * unless the JVM runs with {@code -XX:ThreadPriorityPolicy=1} as root, so offload runs util-linux's {@code renice} on
 * the thread's own id, once per thread, the first time it runs a task of a pool with {@code nice} set. Raising the
 * nice value needs no privilege; it is read back from {@code /proc} to be sure it took. Threads a niced thread
 * starts inherit its nice value.
 */
public final class ThreadNice {
  private static final Logger LOG = Logger.getLogger(ThreadNice.class.getName());
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final String[] RENICE = {"/usr/bin/renice", "/bin/renice"};
  // The nice value this thread was given, once it was (or once trying failed, so it is not tried per task).
  private static final ThreadLocal<Integer> APPLIED = ThreadLocal.withInitial(() -> 0);

  private ThreadNice() {
  }

  /** Why {@code nice} cannot work on this machine, or null when it can (Linux, /proc, renice). */
  public static String whyUnsupported() {
    if (!Files.isSymbolicLink(THREAD_SELF)) {
      return "needs Linux (no /proc/thread-self here)";
    }
    return renice() == null ? "needs the renice command (util-linux), which is not installed" : null;
  }

  /** Gives the calling thread nice value {@code nice}, unless it already has it. */
  static void ensure(int nice) {
    if (APPLIED.get() == nice) {
      return;
    }
    APPLIED.set(nice);
    try {
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      // The priority without -n: absolute everywhere (with -n, busybox and POSIX-mode util-linux add it instead).
      Process renice = new ProcessBuilder(renice(), Integer.toString(nice), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!renice.waitFor(5, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        LOG.warning("could not give thread " + Thread.currentThread().getName() + " nice " + nice
            + ": renice took more than 5 s");
      } else if (renice.exitValue() != 0 || current() != nice) {
        LOG.warning("could not give thread " + Thread.currentThread().getName() + " nice " + nice + ": renice "
            + "exited " + renice.exitValue() + ", the thread's nice is " + current());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning("could not give thread " + Thread.currentThread().getName() + " nice " + nice + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The calling thread's nice value, field 19 of /proc/thread-self/stat. */
  static int current() throws IOException {
    String stat = Files.readString(THREAD_SELF.resolve("stat"));
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  private static String renice() {
    for (String path : RENICE) {
      if (Files.isExecutable(Path.of(path))) {
        return path;
      }
    }
    return null;
  }
}
