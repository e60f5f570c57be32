package org.mintpost.audit.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.service.TokenLogEntry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code audit.token_log} (append-only) and {@code audit.token_owner}, in plain SQL. */
@ApplicationScoped
public class TokenLogRepository {

    private static final String INSERT_LOG = """
            INSERT INTO audit.token_log (event_id, at, token_id, token_kind, token_display, team_id, project_id,
                channel, endpoint, outcome, reason, ip, user_agent, message_ids, actor)
            SELECT u.event_id, u.at, u.token_id, u.token_kind, u.token_display, u.team_id, u.project_id,
                u.channel, u.endpoint, u.outcome, u.reason, u.ip, u.user_agent, u.message_ids::jsonb, u.actor
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
                AS u(event_id, at, token_id, token_kind, token_display, team_id, project_id,
                     channel, endpoint, outcome, reason, ip, user_agent, message_ids, actor)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private static final String UPSERT_OWNER = """
            INSERT INTO audit.token_owner (token_id, kind, team_id, project_id, revision, updated_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[])
            ON CONFLICT (token_id) DO UPDATE SET kind = EXCLUDED.kind, team_id = EXCLUDED.team_id,
                project_id = EXCLUDED.project_id, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
            WHERE audit.token_owner.revision < EXCLUDED.revision
            """;

    private static final String INSERT_OWNER_IF_ABSENT = """
            INSERT INTO audit.token_owner (token_id, kind, team_id, project_id, revision, updated_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[])
            ON CONFLICT (token_id) DO NOTHING
            """;

    private static final String SELECT_COLUMNS = """
            SELECT id, at, ip, user_agent, channel, endpoint, outcome, reason, message_ids, actor
            FROM audit.token_log
            WHERE token_id = $1""";

    private final Pool pool;

    public TokenLogRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores one batch from token-usage in one transaction: the rows with one statement, and the
     * owners not known yet. Returns how many rows were new (the rest were redeliveries).
     */
    public Uni<Integer> appendUses(List<TokenLogRow> rows, List<TokenOwnerRow> owners) {
        return pool.withTransaction(tx -> append(tx, rows).call(() -> owners(tx, INSERT_OWNER_IF_ABSENT, owners)));
    }

    /**
     * Stores one batch from token-changes in one transaction: the lifecycle rows with one statement,
     * and the owners, each moving only forward in revision.
     */
    public Uni<Integer> appendChanges(List<TokenLogRow> rows, List<TokenOwnerRow> owners) {
        return pool.withTransaction(tx -> append(tx, rows).call(() -> owners(tx, UPSERT_OWNER, owners)));
    }

    private Uni<Integer> append(SqlClient client, List<TokenLogRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = rows.size();
        String[] eventId = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] tokenId = new String[n];
        String[] kind = new String[n];
        String[] display = new String[n];
        String[] team = new String[n];
        String[] project = new String[n];
        String[] channel = new String[n];
        String[] endpoint = new String[n];
        String[] outcome = new String[n];
        String[] reason = new String[n];
        String[] ip = new String[n];
        String[] agent = new String[n];
        String[] messageIds = new String[n];
        String[] actor = new String[n];
        for (int i = 0; i < n; i++) {
            TokenLogRow row = rows.get(i);
            eventId[i] = row.eventId();
            at[i] = Sql.utc(row.at());
            tokenId[i] = row.tokenId();
            kind[i] = row.tokenKind();
            display[i] = row.tokenDisplay();
            team[i] = row.teamId();
            project[i] = row.projectId();
            channel[i] = row.channel();
            endpoint[i] = row.endpoint();
            outcome[i] = row.outcome();
            reason[i] = row.reason();
            ip[i] = row.ip();
            agent[i] = row.userAgent();
            messageIds[i] = row.messageIdsJson();
            actor[i] = row.actor();
        }
        Tuple params = Tuple.tuple(List.<Object>of(eventId, at, tokenId, kind, display, team, project, channel,
                endpoint, outcome, reason, ip, agent, messageIds, actor));
        return client.preparedQuery(INSERT_LOG).execute(params).map(result -> result.rowCount());
    }

    private Uni<Void> owners(SqlClient client, String sql, List<TokenOwnerRow> owners) {
        if (owners.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = owners.size();
        String[] tokenId = new String[n];
        String[] kind = new String[n];
        String[] team = new String[n];
        String[] project = new String[n];
        Long[] revision = new Long[n];
        OffsetDateTime[] changed = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            TokenOwnerRow owner = owners.get(i);
            tokenId[i] = owner.tokenId();
            kind[i] = owner.kind();
            team[i] = owner.teamId();
            project[i] = owner.projectId();
            revision[i] = owner.revision();
            changed[i] = Sql.utc(owner.changedAt());
        }
        return client.preparedQuery(sql)
                .execute(Tuple.tuple(List.<Object>of(tokenId, kind, team, project, revision, changed)))
                .replaceWithVoid();
    }

    /** The owner of a token, if any event has told us. */
    public Uni<Optional<TokenOwnerRow>> owner(String tokenId) {
        return pool.preparedQuery("SELECT token_id, kind, team_id, project_id, revision, updated_at"
                + " FROM audit.token_owner WHERE token_id = $1")
                .execute(Tuple.of(tokenId))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new TokenOwnerRow(row.getString("token_id"), row.getString("kind"),
                            row.getString("team_id"), row.getString("project_id"), row.getLong("revision"),
                            Sql.instant(row.getOffsetDateTime("updated_at"))));
                });
    }

    /**
     * One page of a token's feed, newest first, keyset-paginated on (at, id). The SQL only holds the
     * conditions in use, so each variant gets a plan that walks one index range.
     */
    public Uni<List<TokenLogEntry>> page(TokenLogQuery query) {
        StringBuilder sql = new StringBuilder(SELECT_COLUMNS);
        List<Object> params = new ArrayList<>();
        params.add(query.tokenId());
        if (query.outcome() != null) {
            params.add(query.outcome());
            sql.append(" AND outcome = $").append(params.size());
        }
        if (query.channel() != null) {
            params.add(query.channel());
            sql.append(" AND channel = $").append(params.size());
        }
        if (query.from() != null) {
            params.add(Sql.utc(query.from()));
            sql.append(" AND at >= $").append(params.size());
        }
        if (query.to() != null) {
            params.add(Sql.utc(query.to()));
            sql.append(" AND at < $").append(params.size());
        }
        if (query.afterAt() != null) {
            params.add(Sql.utc(query.afterAt()));
            params.add(query.afterId());
            sql.append(" AND (at, id) < ($").append(params.size() - 1).append(", $").append(params.size())
                    .append(")");
        }
        params.add(query.limit());
        sql.append(" ORDER BY at DESC, id DESC LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.tuple(params)).map(rows -> {
            List<TokenLogEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new TokenLogEntry(row.getLong("id"), Sql.instant(row.getOffsetDateTime("at")),
                        row.getString("ip"), row.getString("user_agent"), row.getString("channel"),
                        row.getString("endpoint"), row.getString("outcome"), row.getString("reason"),
                        Sql.strings(row.getJsonArray("message_ids")), row.getString("actor")));
            }
            return entries;
        });
    }

    /** Deletes up to {@code chunk} rows older than {@code cutoff}; returns how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("""
                DELETE FROM audit.token_log WHERE id IN (
                    SELECT id FROM audit.token_log WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)
                """).execute(Tuple.of(Sql.utc(cutoff), chunk)).map(result -> result.rowCount());
    }
}
