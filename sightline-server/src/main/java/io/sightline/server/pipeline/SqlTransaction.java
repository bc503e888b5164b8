package io.sightline.server.pipeline;

import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.StorageException;
import java.sql.Connection;
import java.sql.SQLException;

/** One transaction on the pipeline tables: committed when the work returns, rolled back when it throws. */
final class SqlTransaction {
    private SqlTransaction() {}

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    static <T> T run(Database db, String what, Work<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(what + " failed", e);
        }
    }
}
