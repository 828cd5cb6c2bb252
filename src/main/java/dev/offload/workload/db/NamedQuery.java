package dev.offload.workload.db;

import dev.offload.workload.Params;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only SQL the db workload runs: fixed statements whose parameters are bound, never spliced, from validated
 * request values. The same text runs on H2 and PostgreSQL.
 */
enum NamedQuery {
  /** One order by primary key: the cheapest round trip. */
  POINT("point", "SELECT id, customer_id, status, amount_cents FROM " + OrdersTable.NAME + " WHERE id = ?") {
    @Override
    void bind(PreparedStatement s, Params p) throws SQLException {
      s.setLong(1, p.integer("id"));
    }

    @Override
    Object read(ResultSet r) throws SQLException {
      Map<String, Object> out = new LinkedHashMap<>();
      if (!r.next()) {
        out.put("found", false);
        return out;
      }
      out.put("found", true);
      out.put("id", r.getLong(1));
      out.put("customerId", r.getLong(2));
      out.put("status", r.getString(3));
      out.put("amountCents", r.getLong(4));
      return out;
    }
  },
  /** An aggregate over {@code span} consecutive ids from {@code id}: an index range scan. */
  RANGE("range", "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0), COALESCE(MIN(amount_cents), 0),"
      + " COALESCE(MAX(amount_cents), 0) FROM " + OrdersTable.NAME + " WHERE id BETWEEN ? AND ?") {
    @Override
    void bind(PreparedStatement s, Params p) throws SQLException {
      s.setLong(1, p.integer("id"));
      s.setLong(2, p.integer("id") + p.integer("span") - 1);
    }

    @Override
    Object read(ResultSet r) throws SQLException {
      r.next();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("orders", r.getLong(1));
      out.put("totalCents", r.getLong(2));
      out.put("minCents", r.getLong(3));
      out.put("maxCents", r.getLong(4));
      return out;
    }
  },
  /** A deliberately slow query: a substring match no index can serve, so every row is read. */
  SLOW("slow", "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM " + OrdersTable.NAME
      + " WHERE note LIKE ? ESCAPE '!'") {
    @Override
    void bind(PreparedStatement s, Params p) throws SQLException {
      s.setString(1, "%" + escapeLike(p.text("contains")) + "%");
    }

    @Override
    Object read(ResultSet r) throws SQLException {
      r.next();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("matches", r.getLong(1));
      out.put("totalCents", r.getLong(2));
      return out;
    }
  };

  private final String queryName;
  private final String sql;

  NamedQuery(String queryName, String sql) {
    this.queryName = queryName;
    this.sql = sql;
  }

  static List<String> names() {
    return java.util.Arrays.stream(values()).map(q -> q.queryName).toList();
  }

  static NamedQuery byName(String name) {
    for (NamedQuery q : values()) {
      if (q.queryName.equals(name)) {
        return q;
      }
    }
    // The parameter parser only lets declared choices through.
    throw new IllegalStateException("no query named " + name);
  }

  Object run(Connection c, Params params, int timeoutSeconds) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setQueryTimeout(timeoutSeconds);
      bind(s, params);
      try (ResultSet r = s.executeQuery()) {
        return read(r);
      }
    }
  }

  abstract void bind(PreparedStatement s, Params p) throws SQLException;

  abstract Object read(ResultSet r) throws SQLException;

  /** The user's text matched literally: LIKE's wildcards and the escape character itself are escaped. */
  static String escapeLike(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
