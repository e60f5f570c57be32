package org.mintpost.audit.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code audit.message_content}: each message's MIME as delivered, gzip-compressed, kept for a while. */
@ApplicationScoped
public class ContentRepository {

    private static final String INSERT = """
            INSERT INTO audit.message_content (message_id, team_id, project_id, delivered_at, mime_gzip, omitted)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (message_id) DO NOTHING
            """;

    private final Pool pool;

    public ContentRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a batch in one transaction (the first content of a message wins); returns how many rows were new. */
    public Uni<Integer> append(List<ContentRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> batch = new ArrayList<>(rows.size());
        for (ContentRow r : rows) {
            batch.add(Tuple.of(r.messageId(), r.teamId(), r.projectId(), Sql.utc(r.deliveredAt()),
                    r.mimeGzip() == null ? null : Buffer.buffer(r.mimeGzip()).getDelegate(), r.omitted()));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(batch))
                .map(ContentRepository::rowCount);
    }

    private static int rowCount(RowSet<Row> result) {
        int count = 0;
        for (RowSet<Row> rs = result; rs != null; rs = rs.next()) {
            count += rs.rowCount();
        }
        return count;
    }

    public Uni<Optional<ContentRow>> find(String messageId) {
        return pool.preparedQuery("""
                SELECT message_id, team_id, project_id, delivered_at, mime_gzip, omitted
                FROM audit.message_content WHERE message_id = $1
                """).execute(Tuple.of(messageId)).map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    Buffer mime = row.getBuffer("mime_gzip");
                    return Optional.of(new ContentRow(row.getString("message_id"), row.getString("team_id"),
                            row.getString("project_id"), Sql.instant(row.getOffsetDateTime("delivered_at")),
                            mime == null ? null : mime.getBytes(), row.getString("omitted")));
                });
    }

    /** Deletes up to {@code chunk} contents delivered before {@code cutoff}; returns how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("""
                DELETE FROM audit.message_content WHERE message_id IN (
                    SELECT message_id FROM audit.message_content WHERE delivered_at < $1 ORDER BY delivered_at
                    LIMIT $2 FOR UPDATE SKIP LOCKED)
                """).execute(Tuple.of(Sql.utc(cutoff), chunk)).map(result -> result.rowCount());
    }
}
