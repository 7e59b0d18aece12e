package io.ivantiscim.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** The {@code audit_event} table: batched inserts, filtered queries, retention. */
public class AuditRepository {

    private static final String COLUMNS = "occurred_at, kind, connection, action, resource_type, resource_id, "
            + "user_name, outcome, status, ivanti_calls, latency_ms, correlation_id, actor, detail";

    private final DataSource dataSource;

    public AuditRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the events in one JDBC batch and one transaction. */
    public void insert(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        inTransaction("write audit events", c -> insert(c, events));
    }

    /**
     * Writes the events copied from an audit journal and, in the same transaction, the journal's last sequence number
     * now stored, so that a replay after a crash skips exactly what this commit wrote.
     */
    public void insertJournaled(List<AuditEvent> events, String journal, long lastSequence) {
        inTransaction("write journaled audit events", c -> {
            insert(c, events);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE audit_journal SET last_sequence = ? WHERE journal = ?")) {
                s.setLong(1, lastSequence);
                s.setString(2, journal);
                if (s.executeUpdate() == 1) {
                    return;
                }
            }
            // A journal's row is written by its own process only, so there is no concurrent insert to race.
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO audit_journal (journal, last_sequence) VALUES (?, ?)")) {
                s.setString(1, journal);
                s.setLong(2, lastSequence);
                s.executeUpdate();
            }
        });
    }

    /** The last sequence number of {@code journal} in the store, 0 when none of its events is. */
    public long journalPosition(String journal) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT last_sequence FROM audit_journal WHERE journal = ?")) {
            s.setString(1, journal);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("read the audit journal position", e);
        }
    }

    private interface Work {

        void run(Connection c) throws SQLException;
    }

    private void inTransaction(String what, Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    private static void insert(Connection c, List<AuditEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEvent e : events) {
                s.setTimestamp(1, Timestamp.from(e.occurredAt()));
                s.setString(2, e.kind());
                s.setString(3, cut(e.connection(), 64));
                s.setString(4, cut(e.action(), 32));
                s.setString(5, cut(e.resourceType(), 32));
                s.setString(6, cut(e.resourceId(), 64));
                s.setString(7, cut(e.userName(), 256));
                s.setString(8, e.outcome());
                setInt(s, 9, e.status());
                setInt(s, 10, e.ivantiCalls());
                if (e.latencyMs() == null) {
                    s.setNull(11, Types.BIGINT);
                } else {
                    s.setLong(11, e.latencyMs());
                }
                s.setString(12, cut(e.correlationId(), 64));
                s.setString(13, cut(e.actor(), 64));
                s.setString(14, cut(e.detail(), 512));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Events matching every given filter, newest first. */
    public List<AuditEvent> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id, " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(Timestamp.from(q.to()));
        }
        filter(sql, params, "kind", q.kind());
        filter(sql, params, "connection", q.connection());
        filter(sql, params, "resource_id", q.resourceId());
        filter(sql, params, "outcome", q.outcome());
        sql.append(" ORDER BY occurred_at DESC, id DESC");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setMaxRows(q.limit());
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                List<AuditEvent> events = new ArrayList<>();
                while (r.next()) {
                    events.add(new AuditEvent(r.getLong(1), TokenRepository.instant(r.getTimestamp(2)),
                            r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                            r.getString(8), r.getString(9), r.getObject(10, Integer.class),
                            r.getObject(11, Integer.class), r.getObject(12, Long.class),
                            r.getString(13), r.getString(14), r.getString(15)));
                }
                return events;
            }
        } catch (SQLException e) {
            throw new StoreException("query audit events", e);
        }
    }

    /** Deletes events older than {@code cutoff}; returns how many. */
    public int purgeBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM audit_event WHERE occurred_at < ?")) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("purge audit events", e);
        }
    }

    private static void filter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
