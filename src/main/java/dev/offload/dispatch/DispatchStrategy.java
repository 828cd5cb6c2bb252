package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/**
 * Where a route's blocking work runs.
 *
 * <p>{@link #submit} is called on the event loop of the HTTP verticle instance that took the request; the returned
 * future completes with the work's value or its exception. Implementations are shared by all instances, so they
 * must be thread-safe.
 */
public interface DispatchStrategy {

  Strategy kind();

  /** The pool label that {@code /stats} and work responses report, e.g. {@code cpu}, {@code default}. */
  String pool();

  <T> Future<T> submit(Callable<T> work);
}
