package dev.offload.workload.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.UnavailableException;
import dev.offload.workload.Workload;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named query through a HikariCP pool: blocking JDBC I/O, against an embedded H2 database seeded at start or a
 * configured PostgreSQL. Requests pick a query by name; they never carry SQL.
 */
public final class DbWorkload implements Workload {
  public static final String NAME = "db";

  private static final java.util.Set<String> LOST_CONNECTION_STATES =
      java.util.Set.of("57P01", "57P02", "57P03", "0A000", "01002");

  private volatile DbSettings settings;
  private volatile HikariDataSource pool;
  private volatile String database = "";

  @Override
  public String name() {
    return NAME;
  }

  /** Only reads: a query run twice returns the same rows and changes none. */
  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.requiredChoice("query", NamedQuery.names()),
        ParamSpec.optionalInteger("id", 1, 1, 10_000_000, 1, Long.MAX_VALUE / 2),
        ParamSpec.optionalInteger("span", 100, 1, 100_000, 1, 10_000_000),
        ParamSpec.optionalText("contains", "42", 32, 256));
  }

  @Override
  public void checkSettings(Map<String, Object> section) {
    DbSettings.from(section, System::getenv);
  }

  @Override
  public void open(Map<String, Object> section) throws SQLException {
    settings = DbSettings.from(section, System::getenv);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("offload-db");
    hikari.setJdbcUrl(settings.url());
    hikari.setUsername(settings.user());
    hikari.setPassword(settings.password());
    // A fixed-size pool: connection wait then shows plainly when more threads dispatch than there are connections.
    hikari.setMaximumPoolSize(settings.poolSize());
    hikari.setMinimumIdle(settings.poolSize());
    hikari.setConnectionTimeout(settings.connectionTimeoutMs());
    // A database that is down at start fails the start within the same bound, with the driver's reason.
    hikari.setInitializationFailTimeout(settings.connectionTimeoutMs());
    // Hikari evicts a connection on SQLState 08 only; a driver that reports a lost connection another way (H2's
    // "database is already closed") would leave it in the pool for ever. Evicted, it is replaced once the database
    // is back.
    hikari.setExceptionOverride(new SQLExceptionOverride() {
      // Inside this interface "Override" names its enum, so the annotation is spelled out.
      @java.lang.Override
      public Override adjudicate(SQLException e) {
        return isConnectionFailure(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
      }
    });
    HikariDataSource opened = new HikariDataSource(hikari);
    try (Connection c = opened.getConnection()) {
      database = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
      if (settings.seed() || settings.embedded()) {
        OrdersTable.ensureSeeded(c, settings.rows());
      }
    } catch (SQLException | RuntimeException e) {
      opened.close();
      throw e;
    }
    pool = opened;
  }

  @Override
  public Object run(Params params) throws SQLException, UnavailableException {
    HikariDataSource current = pool;
    if (current == null) {
      throw new IllegalStateException("the db workload was not opened");
    }
    NamedQuery query = NamedQuery.byName(params.text("query"));
    try (Connection c = current.getConnection()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("query", params.text("query"));
      out.put("rows", query.run(c, params, settings.queryTimeoutSeconds()));
      return out;
    } catch (SQLException e) {
      if (isConnectionFailure(e)) {
        throw unavailable(e);
      }
      throw e;
    }
  }

  private static UnavailableException unavailable(SQLException e) {
    return new UnavailableException(NAME, "database unavailable: " + e.getMessage(), e);
  }

  /**
   * Hikari's wait for a connection timed out, or the driver says the connection failed: JDBC's connection
   * exception types, SQLState class 08, and the states HikariCP itself treats as a lost connection (PostgreSQL's
   * shutdown states 57P0x among them). Then the database is down or unreachable, not the query wrong.
   */
  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      String state = t instanceof SQLException ? ((SQLException) t).getSQLState() : null;
      if (state != null && (state.startsWith("08") || LOST_CONNECTION_STATES.contains(state))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Map<String, Object> stats() {
    HikariDataSource current = pool;
    Map<String, Object> out = new LinkedHashMap<>();
    if (current == null) {
      out.put("open", false);
      return out;
    }
    HikariPoolMXBean bean = current.getHikariPoolMXBean();
    out.put("database", database);
    out.put("url", settings.redactedUrl());
    Map<String, Object> jdbc = new LinkedHashMap<>();
    jdbc.put("size", settings.poolSize());
    jdbc.put("total", bean == null ? 0 : bean.getTotalConnections());
    jdbc.put("active", bean == null ? 0 : bean.getActiveConnections());
    jdbc.put("idle", bean == null ? 0 : bean.getIdleConnections());
    // Threads blocked in getConnection(): dispatch threads beyond the connections show up here.
    jdbc.put("waiting", bean == null ? 0 : bean.getThreadsAwaitingConnection());
    out.put("jdbcPool", jdbc);
    return out;
  }

  @Override
  public void close() {
    HikariDataSource current = pool;
    pool = null;
    if (current != null) {
      current.close();
    }
  }
}
