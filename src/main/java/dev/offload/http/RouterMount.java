package dev.offload.http;

import io.vertx.ext.web.Router;

/**
 * Routes another package adds to the service's router, such as the admin API when it shares the service's port:
 * the HTTP layer serves them without knowing what they are.
 */
@FunctionalInterface
public interface RouterMount {
  void mount(Router router);
}
