package dev.offload.admin;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * {@code serve --watch}: vertx-config's file store rescans the config file; each change is validated and applied
 * like an admin PUT. A file that does not parse, or a config that is refused, is logged with the reason and the
 * running config stays as it was.
 */
public final class ConfigWatcher {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final ConfigRetriever retriever;

  private ConfigWatcher(ConfigRetriever retriever) {
    this.retriever = retriever;
  }

  /** Starts watching once the file's current content is known, so the first scan is not taken for a change. */
  public static Future<ConfigWatcher> start(Vertx vertx, Path file, long scanPeriodMs, ConfigApplier applier) {
    ConfigStoreOptions store = new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", file.toString()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false).setStores(List.of(store)).setScanPeriod(scanPeriodMs));
    // vertx-config reports an unreadable file on every scan: say it once per distinct problem, not every second.
    AtomicReference<String> lastProblem = new AtomicReference<>();
    retriever.configStream().exceptionHandler(e -> {
      if (!String.valueOf(e.getMessage()).equals(lastProblem.getAndSet(String.valueOf(e.getMessage())))) {
        LOG.warning("config: " + file + ": cannot read it: " + e.getMessage() + "; the running config stays");
      }
    });
    return retriever.getConfig().map(initial -> {
      // The applier logs each refusal with its reason; a readable file ends the unreadable spell.
      retriever.listen(change -> {
        lastProblem.set(null);
        applier.apply(change.getNewConfiguration(), "file " + file);
      });
      LOG.info("watching " + file + " every " + scanPeriodMs + " ms");
      return new ConfigWatcher(retriever);
    }).recover(e -> retriever.close().transform(closed -> Future.failedFuture(e)));
  }

  public Future<Void> close() {
    return retriever.close();
  }
}
