package dev.offload.workload.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The seeded table the named queries read: {@code offload_orders}, with rows computed from their id so that H2 and
 * PostgreSQL hold the very same data and tests can know every value.
 */
public final class OrdersTable {
  public static final String NAME = "offload_orders";
  static final String[] STATUSES = {"new", "paid", "shipped", "returned"};
  private static final int BATCH = 1000;

  private OrdersTable() {
  }

  public static long customerOf(long id) {
    return 1 + (id * 7919) % 1000;
  }

  public static String statusOf(long id) {
    return STATUSES[(int) (id % STATUSES.length)];
  }

  public static long amountCentsOf(long id) {
    return 100 + (id * 104_729) % 99_900;
  }

  public static String noteOf(long id) {
    return "order " + id + " for customer " + customerOf(id);
  }

  /**
   * Creates the table if it is missing and fills it with ids {@code 1..rows}, unless it already holds exactly those
   * (a restart against the same PostgreSQL keeps its data). Plain portable SQL: it runs unchanged on H2 and PostgreSQL.
   */
  public static void ensureSeeded(Connection c, int rows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + NAME + " (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
          + " status VARCHAR(16) NOT NULL, amount_cents BIGINT NOT NULL, note VARCHAR(100) NOT NULL)");
      try (ResultSet r = s.executeQuery("SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM " + NAME)) {
        r.next();
        if (r.getLong(1) == rows && r.getLong(2) == 1 && r.getLong(3) == rows) {
          return;
        }
      }
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement();
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + NAME
            + " (id, customer_id, status, amount_cents, note) VALUES (?, ?, ?, ?, ?)")) {
      s.execute("DELETE FROM " + NAME);
      for (long id = 1; id <= rows; id++) {
        insert.setLong(1, id);
        insert.setLong(2, customerOf(id));
        insert.setString(3, statusOf(id));
        insert.setLong(4, amountCentsOf(id));
        insert.setString(5, noteOf(id));
        insert.addBatch();
        if (id % BATCH == 0 || id == rows) {
          insert.executeBatch();
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
    if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
      // PostgreSQL plans from statistics: analyse the fresh table so the point and range queries use the index.
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE " + NAME);
      }
    }
  }
}
