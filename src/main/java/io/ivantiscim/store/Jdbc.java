package io.ivantiscim.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/** The one parameterised write every repository uses: a statement, its parameters, a typed error naming the job. */
final class Jdbc {

    private Jdbc() {
    }

    /**
     * Runs {@code sql} with {@code params} bound in order and answers the number of rows it changed.
     *
     * @param what what the write does, for the {@link StoreException} ("update tokens")
     */
    static int update(DataSource dataSource, String what, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }
}
