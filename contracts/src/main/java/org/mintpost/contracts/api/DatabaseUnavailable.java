package org.mintpost.contracts.api;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure of the database to answer in time or at all (a query past {@code statement_timeout}, a pool that
 * gave no connection within its acquisition timeout, a connection refused or closed by a restarting server) from a
 * bug: the services answer the first with {@code 503} + {@code Retry-After} and this body, not {@code 500}.
 */
public final class DatabaseUnavailable {

    public static final String ERROR = "unavailable";
    public static final String MESSAGE = "The database did not answer in time; try again shortly.";
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    public static ErrorBody body() {
        return ErrorBody.of(ERROR, MESSAGE);
    }

    /** Whether {@code failure} or one of its causes says the database is unreachable, hung or past a deadline. */
    public static boolean is(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && unavailable(sql.getSQLState())) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.startsWith("io.vertx.") && (unavailable(sqlState(t)) || name.endsWith("ClosedConnectionException")
                    || name.endsWith("TimeoutException") || name.endsWith("ConnectException"))) {
                return true;
            }
            if (name.equals("io.smallrye.mutiny.TimeoutException")
                    || t.getMessage() != null && t.getMessage().contains("Acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Connection exceptions (08…), a cancelled statement (57014: statement_timeout), an operator intervention (57P…). */
    static boolean unavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57014") || sqlState.startsWith("57P"));
    }

    private static String sqlState(Throwable t) {
        try {
            Method m = t.getClass().getMethod("getSqlState");
            Object state = m.invoke(t);
            return state == null ? null : state.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
