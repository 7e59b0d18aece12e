package io.ivantiscim.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The {@code group_external_id} table: a group's IdP externalId when no team field holds it. Plain JDBC; every method
 * is one statement, or a short sequence that converges when two replicas write the same group at once.
 */
public class GroupExternalIdRepository {

    /** Ids per {@code IN (…)} read: well below the bind-parameter limits of H2 and PostgreSQL. */
    private static final int CHUNK = 500;

    private final DataSource dataSource;

    public GroupExternalIdRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The externalId of one group, if stored. */
    public Optional<String> byGroupId(String groupId) {
        return Optional.ofNullable(byGroupIds(List.of(groupId)).get(groupId));
    }

    /** The externalIds of many groups (group id → externalId; groups without one are absent), one query per 500. */
    public Map<String, String> byGroupIds(Collection<String> groupIds) {
        Map<String, String> out = new HashMap<>();
        List<String> ids = List.copyOf(groupIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(from + CHUNK, ids.size()));
            String sql = "SELECT group_id, external_id FROM group_external_id WHERE group_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            for (String[] row : query(sql, chunk.toArray())) {
                out.put(row[0], row[1]);
            }
        }
        return out;
    }

    /** The groups that carry this externalId (exact match: externalId is caseExact, RFC 7643 §3.1). */
    public List<String> groupIds(String externalId) {
        return query("SELECT group_id, external_id FROM group_external_id WHERE external_id = ? ORDER BY group_id",
                externalId).stream().map(r -> r[0]).toList();
    }

    /** Stores (or replaces) a group's externalId; {@code null} or empty removes it. */
    public void put(String groupId, String externalId, Instant at) {
        if (externalId == null || externalId.isEmpty()) {
            delete(groupId);
            return;
        }
        Timestamp now = Timestamp.from(at);
        String updateSql = "UPDATE group_external_id SET external_id = ?, updated_at = ? WHERE group_id = ?";
        if (update(updateSql, externalId, now, groupId) == 1) {
            return;
        }
        try {
            update("INSERT INTO group_external_id (group_id, external_id, updated_at) VALUES (?, ?, ?)", groupId,
                    externalId, now);
        } catch (StoreException e) {
            // Another replica inserted the row between the update and the insert: the last write wins.
            if (!(e.getCause() instanceof SQLException s) || s.getSQLState() == null
                    || !s.getSQLState().startsWith("23")) {
                throw e;
            }
            update(updateSql, externalId, now, groupId);
        }
    }

    /** Forgets a group's externalId (the group was deleted, or its externalId removed). */
    public void delete(String groupId) {
        update("DELETE FROM group_external_id WHERE group_id = ?", groupId);
    }

    private int update(String sql, Object... params) {
        return Jdbc.update(dataSource, "write group externalId", sql, params);
    }

    private List<String[]> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                List<String[]> rows = new ArrayList<>();
                while (r.next()) {
                    rows.add(new String[]{r.getString(1), r.getString(2)});
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException("read group externalIds", e);
        }
    }
}
