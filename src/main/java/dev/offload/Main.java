package dev.offload;

import dev.offload.admin.AdminToken;
import dev.offload.compare.CompareCommand;
import dev.offload.compare.ServiceLauncher;
import dev.offload.cluster.ClusterPorts;
import dev.offload.config.ConfigException;
import dev.offload.config.ConfigLoader;
import dev.offload.config.OffloadConfig;
import dev.offload.workload.Workloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The command line: {@code [serve|worker|compare] [--config FILE]}; exit code 2 for usage and config errors. */
public final class Main {
  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;
  private static final String DEFAULT_CONFIG = "conf/config.json";
  private static final String DEFAULT_COMPARE = "conf/compare.json";
  private static final long WATCH_SCAN_MS = 1000;

  private Main() {
  }

  public static void main(String[] args) {
    LogsThroughShutdown.install();
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("offload: " + e.getMessage());
      System.err.println("try: java -jar offload.jar --help");
      System.exit(EXIT_USAGE);
      return;
    }
    if (cli.help()) {
      usage(System.out);
      return;
    }
    if (cli.command().equals("compare")) {
      compare(Path.of(cli.config() == null ? DEFAULT_COMPARE : cli.config()),
          cli.out() == null ? null : Path.of(cli.out()));
      return;
    }
    if (cli.command().equals("worker") && cli.config() == null) {
      System.err.println("offload: worker needs --config FILE (a config with a cluster section and exported pools)");
      System.exit(EXIT_USAGE);
      return;
    }
    serve(Path.of(cli.config() == null ? DEFAULT_CONFIG : cli.config()), cli.watch(),
        cli.command().equals("worker") ? OffloadServer.Role.WORKER : OffloadServer.Role.SERVE);
  }

  private static void compare(Path file, Path outDir) {
    int status;
    try {
      status = CompareCommand.run(file, outDir, new ServiceLauncher(Main.class.getName()), System.out, System.err);
    } catch (Exception e) {
      System.err.println("offload: compare failed: " + e);
      status = EXIT_START_FAILED;
    }
    System.exit(status);
  }

  private static void serve(Path configFile, boolean watch, OffloadServer.Role role) {
    Workloads workloads;
    try {
      workloads = Workloads.withPlugins();
    } catch (IllegalArgumentException e) {
      System.err.println("offload: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    OffloadConfig config;
    try {
      config = new ConfigLoader(workloads).load(configFile);
    } catch (ConfigLoader.ConfigFileException e) {
      System.err.println(e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    if (role == OffloadServer.Role.WORKER && !config.exportsPools()) {
      // A worker only takes other nodes' work: without a cluster and an exported pool it would do nothing.
      System.err.println("config: " + configFile + ": " + (config.cluster() == null
          ? "cluster: missing (a worker joins a cluster: give at least cluster.members)"
          : "pools: a worker needs at least one pool with \"exported\": true"));
      System.exit(EXIT_USAGE);
      return;
    }
    if (role == OffloadServer.Role.WORKER && !config.routes().isEmpty()) {
      // A worker serves no /work: routes would be ignored, and a user who wrote them expects them to matter.
      System.err.println("config: " + configFile + ": routes: a worker serves no /work, so its routes would do "
          + "nothing (" + String.join(", ", config.routes().keySet()) + "): remove them, or start it with serve");
      System.exit(EXIT_USAGE);
      return;
    }
    if (config.cluster() != null) {
      try {
        ClusterPorts.requireFree(config.cluster());
      } catch (ConfigException e) {
        System.err.println("config: " + configFile + ": " + e.getMessage());
        System.exit(EXIT_USAGE);
        return;
      }
    }
    CompletableFuture<OffloadServer> started = OffloadServer.start(config, workloads, System::getenv, role)
        .toCompletionStage().toCompletableFuture();
    OffloadServer server;
    try {
      server = started.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("offload: cannot start on " + config.http().host() + ":" + config.http().port() + ": "
          + cause.getMessage());
      System.exit(EXIT_START_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drainThenHalt(server), "offload-drain"));
    // An operator's POST /admin/drain ends the process as SIGTERM does: drained, then exit 0.
    server.onAdminDrain(() -> new Thread(() -> System.exit(0), "offload-admin-drain").start());
    if (watch) {
      try {
        server.watch(configFile, WATCH_SCAN_MS).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("offload: cannot watch " + configFile + ": " + e.getMessage());
        System.exit(EXIT_START_FAILED);
        return;
      }
    }
    System.out.println("offload: " + (role == OffloadServer.Role.WORKER ? "worker" : "serving") + " on http://"
        + config.http().host() + ":" + config.http().port()
        + " with " + config.http().instances() + " instances, config " + configFile
        + clusterLine(server)
        + ", Java " + Runtime.version().feature() + (watch ? ", watching the config file" : "")
        + adminLine(server));
  }

  private static String clusterLine(OffloadServer server) {
    if (server.components().cluster() == null) {
      return "";
    }
    return ", cluster " + server.config().cluster().name() + " as node " + server.components().cluster().nodeId()
        + (server.config().exportsPools() ? ", exporting " + server.config().pools().values().stream()
        .filter(p -> p.exported()).map(p -> p.name()).toList() : "");
  }

  private static String adminLine(OffloadServer server) {
    if (server.config().admin() == null) {
      return "";
    }
    return server.adminTokenSource().map(source -> ", admin API on " + server.config().admin().host() + ":"
        + server.config().admin().port() + " (token from " + source + ")")
        .orElse(", admin API off (no " + AdminToken.ENV + " and no admin.tokenFile)");
  }

  /**
   * Runs on SIGTERM (and SIGINT): drains gracefully, then ends the JVM with 0, because a drained stop is a clean
   * stop; without {@code halt} the JVM would report the signal (exit 143).
   */
  private static void drainThenHalt(OffloadServer server) {
    long graceMs = server.config().shutdown().graceMs();
    long timeoutMs = server.config().shutdown().timeoutMs();
    System.out.println("offload: draining: /ready is 503, serving " + graceMs + " ms more, then up to " + timeoutMs
        + " ms for open work");
    int status = 0;
    try {
      long started = System.nanoTime();
      server.drain(progress -> System.out.println("offload: " + progress)).toCompletionStage().toCompletableFuture()
          .get(graceMs + timeoutMs + 30_000, TimeUnit.MILLISECONDS);
      int stillRunning = server.runningWork();
      if (stillRunning > 0) {
        // Closing would interrupt them (Vert.x closes its worker pools with shutdownNow); the process just ends.
        System.out.println("offload: " + stillRunning + " task(s) still running after shutdown.timeoutMs (answered 503"
            + " draining); exiting without interrupting them");
      } else {
        // Closed from this plain thread: a close chained on a Vert.x context would complete on a loop that is gone.
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      System.out.println("offload: stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (Exception e) {
      System.out.println("offload: drain did not finish cleanly: " + e);
      status = 1;
    }
    System.out.flush();
    Runtime.getRuntime().halt(status);
  }

  static void usage(PrintStream out) {
    out.println("usage: java -jar offload.jar [serve|worker|compare] [--config FILE | FILE] [--watch] [--out DIR] "
        + "[--help]");
    out.println();
    out.println("commands:");
    out.println("  serve     serve HTTP with the config file (the default command)");
    out.println("  worker    join the config's cluster and run the work other nodes send to its exported pools;");
    out.println("            HTTP serves /health, /ready, /metrics, /stats and the dashboard only");
    out.println("  compare   start the service once per strategy of a compare file, drive the same load at each,");
    out.println("            and write report.md, report.json, report.html and recommended-config.json");
    out.println();
    out.println("options:");
    out.println("  --config FILE, -conf FILE   serve: the service config (default " + DEFAULT_CONFIG + ");");
    out.println("                              compare: the compare file (default " + DEFAULT_COMPARE + ")");
    out.println("  --watch                     serve, worker: apply the config file's changes while running");
    out.println("                              (invalid ones are logged and refused; http, vertx, metrics,");
    out.println("                              admin, cluster and workloads need a restart)");
    out.println("  --out DIR                   compare: the report folder (default reports/<timestamp>)");
    out.println("  --help, -h                  this text");
    out.println();
    out.println("exit codes: 0 stopped cleanly, 1 could not start (e.g. port in use) or compare's expected");
    out.println("            verdicts did not all come out right, 2 bad usage or config");
  }
}
