package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/**
 * Where a route's blocking work runs.
 *
 * <p>{@link #submit} is called on the event loop of the HTTP verticle instance that took the request, once the
 * request's ticket holds a permit; the returned future completes, on that same context, with the work's value or its
 * exception. Strategies hold no state of their own (a named pool's threads come with the ticket), so one instance of
 * each serves every route and instance.
 */
public interface DispatchStrategy {

  Strategy kind();

  <T> Future<T> submit(Callable<T> work, Ticket ticket);
}
