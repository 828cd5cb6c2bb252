package dev.offload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A test's reader of {@code /stats/stream}: parses the server-sent events as they come and lets a test wait for them. */
final class EventStream {
  /** One event: its type ({@code message} for a live one) and its JSON. */
  record Event(String type, JsonObject json) {
  }

  private final List<Event> events = new ArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private final Promise<Void> ended = Promise.promise();
  private HttpClientResponse response;
  private Predicate<List<Event>> waitingFor;
  private Promise<List<Event>> waiter;

  /** Opens the stream; fails if the answer is not a 200 event stream. */
  static Future<EventStream> open(HttpClient client, int port) {
    EventStream stream = new EventStream();
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/stats/stream")
        .compose(req -> req.send())
        .compose(resp -> {
          if (resp.statusCode() != 200 || !resp.getHeader("Content-Type").startsWith("text/event-stream")) {
            return resp.body().compose(body -> Future.failedFuture(new AssertionError(
                "not an event stream: " + resp.statusCode() + " " + resp.getHeader("Content-Type") + " " + body)));
          }
          stream.response = resp;
          resp.handler(buffer -> stream.take(buffer.toString()));
          resp.endHandler(v -> stream.ended.tryComplete());
          resp.exceptionHandler(e -> stream.ended.tryComplete());
          return Future.succeededFuture(stream);
        });
  }

  private void take(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String type = "message";
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (data.length() > 0) {
        events.add(new Event(type, new JsonObject(data.toString())));
      }
    }
    if (waiter != null && waitingFor.test(events)) {
      Promise<List<Event>> w = waiter;
      waiter = null;
      w.complete(List.copyOf(events));
    }
  }

  /** Completes with every event so far once they satisfy {@code until}. */
  Future<List<Event>> await(Predicate<List<Event>> until) {
    if (until.test(events)) {
      return Future.succeededFuture(List.copyOf(events));
    }
    waitingFor = until;
    waiter = Promise.promise();
    return waiter.future();
  }

  /** Completes once {@code n} live events have come. */
  Future<List<Event>> awaitLive(int n) {
    return await(all -> live(all).size() >= n);
  }

  static List<JsonObject> live(List<Event> all) {
    return all.stream().filter(e -> e.type().equals("message")).map(Event::json).toList();
  }

  /** Completes when the server ends the stream or the connection closes. */
  Future<Void> ended() {
    return ended.future();
  }

  /** Closes the connection under the stream, as a browser does when its page closes. */
  Future<Void> close() {
    return response.request().connection().close();
  }
}
