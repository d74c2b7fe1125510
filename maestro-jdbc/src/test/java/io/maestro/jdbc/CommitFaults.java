package io.maestro.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real pool whose connections can lose the answer to a commit: the commit reaches the database
 * and lands, then the caller is told the connection broke (SQLState 08006), as when the network
 * fails between the server's commit and its reply. The server cannot be made to do that on cue;
 * everything else here is the real database.
 */
final class CommitFaults {

    private final DataSource real;
    /** How many upcoming commits land but report a broken connection. */
    final AtomicInteger landButReportFailure = new AtomicInteger();
    /** How many upcoming commits are rolled back and report a broken connection. */
    final AtomicInteger failBeforeCommit = new AtomicInteger();

    CommitFaults(DataSource real) {
        this.real = real;
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
            Object result = invoke(real, m, args);
            if (m.getName().equals("getConnection")) {
                return wrap((Connection) result);
            }
            return result;
        });
    }

    private Connection wrap(Connection c) {
        InvocationHandler h = (p, m, args) -> {
            if (m.getName().equals("commit")) {
                if (failBeforeCommit.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    c.rollback();
                    throw new SQLException("injected: connection lost before commit", "08006");
                }
                c.commit();
                if (landButReportFailure.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new SQLException("injected: connection lost after the commit landed", "08006");
                }
                return null;
            }
            return invoke(c, m, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
