package io.ivantiscim.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/** The {@code scim_token} table. Plain JDBC; every method is one statement or one short transaction. */
public class TokenRepository {

    private static final String COLUMNS = "id, connection, slot, token_hash, active, created_at, renewed_at, "
            + "last_used_at";

    private final DataSource dataSource;

    public TokenRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every token of every connection (a few rows: at most two per connection). */
    public List<StoredToken> all() {
        return query("SELECT " + COLUMNS + " FROM scim_token ORDER BY connection, created_at, id");
    }

    /** The tokens of one connection, oldest first. */
    public List<StoredToken> byConnection(String connection) {
        return query("SELECT " + COLUMNS + " FROM scim_token WHERE connection = ? ORDER BY created_at, id",
                connection);
    }

    public Optional<StoredToken> byId(String id) {
        return query("SELECT " + COLUMNS + " FROM scim_token WHERE id = ?", id).stream().findFirst();
    }

    /**
     * Inserts a token into a free slot of its connection. Returns false when both slots are taken, including when
     * another replica took the last one at the same moment (the unique key on connection and slot decides).
     */
    public boolean insert(String id, String connection, String hash, Instant created) {
        List<StoredToken> existing = byConnection(connection);
        if (existing.size() >= 2) {
            return false;
        }
        int slot = existing.stream().anyMatch(t -> t.slot() == 1) ? 2 : 1;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO scim_token (id, connection, slot, token_hash, "
                        + "active, created_at) VALUES (?, ?, ?, ?, TRUE, ?)")) {
            s.setString(1, id);
            s.setString(2, connection);
            s.setInt(3, slot);
            s.setString(4, hash);
            s.setTimestamp(5, Timestamp.from(created));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e) && byConnection(connection).size() >= 2) {
                return false;
            }
            throw new StoreException("insert token", e);
        }
    }

    /** Sets the state; false when the token does not exist. */
    public boolean setActive(String id, boolean active) {
        return update("UPDATE scim_token SET active = ? WHERE id = ?", active, id) == 1;
    }

    /** Replaces the secret's hash; the old secret stops matching at once. */
    public boolean renew(String id, String hash, Instant renewed) {
        return update("UPDATE scim_token SET token_hash = ?, renewed_at = ? WHERE id = ?", hash,
                Timestamp.from(renewed), id) == 1;
    }

    public boolean delete(String id) {
        return update("DELETE FROM scim_token WHERE id = ?", id) == 1;
    }

    /** Records when tokens were last used (only ever moves forward). One batch for all of them. */
    public void touch(Map<String, Instant> lastUsed) {
        if (lastUsed.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE scim_token SET last_used_at = ? WHERE id = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < ?)")) {
            for (Map.Entry<String, Instant> e : lastUsed.entrySet()) {
                Timestamp at = Timestamp.from(e.getValue());
                s.setTimestamp(1, at);
                s.setString(2, e.getKey());
                s.setTimestamp(3, at);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("record token use", e);
        }
    }

    private int update(String sql, Object... params) {
        return Jdbc.update(dataSource, "update tokens", sql, params);
    }

    private List<StoredToken> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                List<StoredToken> tokens = new ArrayList<>();
                while (r.next()) {
                    tokens.add(new StoredToken(r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                            r.getBoolean(5), instant(r.getTimestamp(6)), instant(r.getTimestamp(7)),
                            instant(r.getTimestamp(8))));
                }
                return tokens;
            }
        } catch (SQLException e) {
            throw new StoreException("read tokens", e);
        }
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** SQLState class 23 is an integrity constraint violation on both H2 and PostgreSQL. */
    private static boolean isUniqueViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
