package dev.offload;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link DbQueriesTest} against a real PostgreSQL server: {@code .ci/run} starts one with
 * {@code scripts/postgres.sh start} and passes it in {@code OFFLOAD_PG_URL}, {@code OFFLOAD_PG_USER} and
 * {@code OFFLOAD_PG_PASSWORD}. Without {@code OFFLOAD_PG_URL} the tests are skipped, saying so.
 */
class PostgresDbQueriesTest extends DbQueriesTest {

  // Per test, not @BeforeAll: surefire reports a class-level assumption as zero tests, and the reason would vanish.
  @BeforeEach
  void needsPostgres() {
    assumeTrue(System.getenv("OFFLOAD_PG_URL") != null,
        "OFFLOAD_PG_URL is not set: no PostgreSQL to run the db tests on (.ci/run starts one; locally, run"
            + " scripts/postgres.sh start and export the variables it prints)");
  }

  @Override
  JsonObject dbSettings() {
    return super.dbSettings()
        .put("url", System.getenv("OFFLOAD_PG_URL"))
        .put("user", System.getenv().getOrDefault("OFFLOAD_PG_USER", "offload"))
        .put("password", System.getenv().getOrDefault("OFFLOAD_PG_PASSWORD", ""));
  }

  @Override
  String expectedDatabase() {
    return "PostgreSQL";
  }
}
