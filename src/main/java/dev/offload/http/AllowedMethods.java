package dev.offload.http;

import dev.offload.service.CurrentState;
import dev.offload.workload.Workload;

/** The {@code Allow} header of a 405: which methods the path does take. */
final class AllowedMethods {
  private AllowedMethods() {
  }

  /** @param state the service's routes, for {@code /work/<name>}; null where there are none (the admin listener) */
  static String of(String path, CurrentState state) {
    if (path.startsWith("/work/") && state != null) {
      return state.get().routes().find(path.substring("/work/".length()))
          .map(route -> route.workload().input() == Workload.Input.BODY_ONLY ? "POST" : "GET, POST")
          .orElse("GET, POST");
    }
    if (path.equals("/admin/config")) {
      return "GET, PUT";
    }
    if (path.startsWith("/admin/routes/")) {
      return "PATCH";
    }
    if (path.equals("/admin/drain")) {
      return "POST";
    }
    return "GET";
  }
}
