package io.maestro.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes up to {@code limit} executions that ended before a time, with their journals, in one
 * transaction. Each execution row goes first and only while it is still ended, so an execution
 * reopened meanwhile keeps its journal. Safe to replay: what is gone is not found again.
 */
public final class PurgeOp extends WriteOp<Integer> {

    private final Instant endedBefore;
    private final int limit;

    public PurgeOp(Instant endedBefore, int limit) {
        this.endedBefore = endedBefore;
        this.limit = limit;
    }

    @Override
    public String executionId() {
        return null; // many executions
    }

    @Override
    protected Outcome<Integer> apply(Tx tx) throws SQLException {
        List<String> candidates = new ArrayList<>();
        try (ResultSet rs = tx.bind(Statements.SELECT_PURGEABLE).instant(endedBefore).integer(limit).query()) {
            while (rs.next()) {
                candidates.add(rs.getString(1));
            }
        }
        int purged = 0;
        for (String id : candidates) {
            if (tx.bind(Statements.DELETE_ENDED_EXECUTION).text(id).update() == 1) {
                tx.bind(Statements.DELETE_JOURNAL).text(id).update();
                purged++;
            }
        }
        return Outcome.of(purged);
    }
}
