package dev.offload.config;

/**
 * The live dashboard ({@code GET /dashboard}) and its feed ({@code GET /stats/stream}). All three may change at
 * runtime: they are read on each use.
 *
 * @param enabled whether the page and the stream are served (404 otherwise)
 * @param maxStreams how many streams may be open at once; one more is answered 503
 * @param historySeconds how many of the last seconds a new stream is sent first, so a page opens with its charts full
 */
public record DashboardSettings(boolean enabled, int maxStreams, int historySeconds) {
}
