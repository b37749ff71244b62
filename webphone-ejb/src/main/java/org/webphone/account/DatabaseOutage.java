package org.webphone.account;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a failure because the database cannot be reached (stopped, restarting, the network to it
 * down) from every other failure, by what the driver said, wherever it sits in the chain of causes
 * (the EJB container, JPA and the connection pool each wrap it). Callers that can wait for the
 * database (the call-record writer) wait on these only; a bad row is not an outage.
 *
 * <p>SQLSTATE classes (SQL:2011, as PostgreSQL and H2 report them): {@code 08} connection
 * exception, {@code 57P01..57P03} the server shutting down or starting ({@code admin_shutdown},
 * {@code crash_shutdown}, {@code cannot_connect_now}).
 */
public final class DatabaseOutage {
  /** What Payara's pool says when it cannot open a connection (its exception has no SQLSTATE). */
  private static final String POOL_CANNOT_CONNECT = "Error in allocating a connection";

  private DatabaseOutage() {}

  /** Whether {@code failure}, or anything that caused it, says the database cannot be reached. */
  public static boolean isCause(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = next(t)) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.contains(POOL_CANNOT_CONNECT)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable next(Throwable t) {
    if (t.getCause() != null) {
      return t.getCause();
    }
    return t instanceof SQLException sql ? sql.getNextException() : null;
  }

  private static boolean isConnectionState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }
}
