package org.mintpost.token.team;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of the Team API: the team row, its counts, its monthly usage and its members (schema {@code tokens}). */
@ApplicationScoped
public class TeamStore {

    /** A team with the counts {@code TeamData} carries. */
    public record TeamRow(UUID id, String name, Instant createdAt, long projects, long domains, long members) {
    }

    /** One month of usage. */
    public record UsageRow(LocalDate periodStart, long usage, Instant lastIncrementedAt) {
    }

    /** A member; {@code role} null when never assigned (then {@code ssoPermissions} apply). */
    public record MemberRow(UUID id, String subject, String name, String email, String role, String scope,
            List<String> projectIds, List<String> ssoPermissions, Instant joinedAt) {
    }

    private static final String MEMBER_COLUMNS = "id, subject, name, email, role, project_scope, project_ids, "
            + "sso_permissions, joined_at";

    private final Pool pool;

    public TeamStore(Pool pool) {
        this.pool = pool;
    }

    /** The caller's team; its row is made if the edge knew the team first (an SSO team). */
    public Uni<TeamRow> team(UUID teamId) {
        return ensure(teamId).chain(() -> pool.preparedQuery("""
                select t.id, t.name, t.created_at,
                    (select count(*) from tokens.projects p where p.team_id = t.id and p.deleted_at is null) as projects,
                    (select count(*) from tokens.domains d where d.team_id = t.id) as domains,
                    (select count(*) from tokens.team_members m where m.team_id = t.id) as members
                from tokens.teams t where t.id = $1""").execute(Tuple.of(teamId)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new TeamRow(r.getUUID("id"), r.getString("name"), instant(r, "created_at"),
                            r.getLong("projects"), r.getLong("domains"), r.getLong("members"));
                });
    }

    public Uni<TeamRow> rename(UUID teamId, String name) {
        return ensure(teamId)
                .chain(() -> pool.preparedQuery("update tokens.teams set name = $2 where id = $1")
                        .execute(Tuple.of(teamId, name)))
                .chain(() -> team(teamId));
    }

    /** Months from {@code from} on, newest first. */
    public Uni<List<UsageRow>> usage(UUID teamId, LocalDate from) {
        return pool.preparedQuery("select period_start, usage, last_incremented_at from tokens.team_usage "
                + "where team_id = $1 and period_start >= $2 order by period_start desc")
                .execute(Tuple.of(teamId, from)).map(rows -> {
                    List<UsageRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new UsageRow(r.getLocalDate("period_start"), r.getLong("usage"),
                                instant(r, "last_incremented_at")));
                    }
                    return out;
                });
    }

    /** One page of members in (joined_at, id) order after the given position (null: from the start). */
    public Uni<List<MemberRow>> members(UUID teamId, Instant afterAt, UUID afterId, int limit) {
        String sql = "select " + MEMBER_COLUMNS + " from tokens.team_members where team_id = $1"
                + (afterAt == null ? "" : " and (joined_at, id) > ($3, $4)") + " order by joined_at, id limit $2";
        Tuple args = afterAt == null ? Tuple.of(teamId, limit)
                : Tuple.of(teamId, limit, OffsetDateTime.ofInstant(afterAt, ZoneOffset.UTC), afterId);
        return pool.preparedQuery(sql).execute(args).map(TeamStore::memberRows);
    }

    /** The member, or null when the id is unknown or of another team. */
    public Uni<MemberRow> member(UUID teamId, UUID id) {
        return pool.preparedQuery("select " + MEMBER_COLUMNS + " from tokens.team_members where team_id = $1 "
                + "and id = $2").execute(Tuple.of(teamId, id))
                .map(rows -> memberRows(rows).stream().findFirst().orElse(null));
    }

    public Uni<MemberRow> assign(UUID teamId, UUID id, String role, String scope, List<String> projectIds) {
        return pool.preparedQuery("update tokens.team_members set role = $3, project_scope = $4, project_ids = $5, "
                + "updated_at = now() where team_id = $1 and id = $2 returning " + MEMBER_COLUMNS)
                .execute(Tuple.of(teamId, id, role, scope, String.join(",", projectIds)))
                .map(rows -> memberRows(rows).stream().findFirst().orElse(null));
    }

    /** Records an SSO user's request (first one: joins the team); returns the member as stored now. */
    public Uni<MemberRow> seen(UUID teamId, String subject, String name, String email, List<String> permissions) {
        Tuple args = Tuple.tuple(List.of(teamId, subject, name, email, String.join(",", permissions),
                UUID.randomUUID()));
        return ensure(teamId).chain(() -> pool.preparedQuery("""
                insert into tokens.team_members (id, team_id, subject, name, email, sso_permissions, joined_at,
                    last_seen_at, updated_at)
                values ($6, $1, $2, $3, $4, $5, now(), now(), now())
                on conflict (team_id, subject) do update set last_seen_at = now(),
                    sso_permissions = excluded.sso_permissions, name = excluded.name, email = excluded.email
                returning\s""" + MEMBER_COLUMNS).execute(args))
                .map(rows -> memberRows(rows).get(0));
    }

    /** Names of the team's live projects among {@code ids}, in the order given; unknown ids are left out. */
    public Uni<Map<String, String>> projectNames(UUID teamId, List<String> ids) {
        List<UUID> uuids = ids.stream().map(TeamStore::uuidOrNull).filter(u -> u != null).toList();
        if (uuids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select id, name from tokens.projects where team_id = $1 and deleted_at is null "
                + "and id = any($2)").execute(Tuple.of(teamId, uuids.toArray(new UUID[0]))).map(rows -> {
                    Map<String, String> found = new LinkedHashMap<>();
                    for (Row r : rows) {
                        found.put(r.getUUID("id").toString(), r.getString("name"));
                    }
                    Map<String, String> ordered = new LinkedHashMap<>();
                    ids.forEach(id -> {
                        if (found.containsKey(id)) {
                            ordered.put(id, found.get(id));
                        }
                    });
                    return ordered;
                });
    }

    private Uni<Void> ensure(UUID teamId) {
        return pool.preparedQuery("insert into tokens.teams (id, name, created_at) values ($1, 'Team', now()) "
                + "on conflict (id) do nothing").execute(Tuple.of(teamId)).replaceWithVoid();
    }

    private static List<MemberRow> memberRows(RowSet<Row> rows) {
        List<MemberRow> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new MemberRow(r.getUUID("id"), r.getString("subject"), r.getString("name"), r.getString("email"),
                    r.getString("role"), r.getString("project_scope"), list(r.getString("project_ids")),
                    list(r.getString("sso_permissions")), instant(r, "joined_at")));
        }
        return out;
    }

    private static List<String> list(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
