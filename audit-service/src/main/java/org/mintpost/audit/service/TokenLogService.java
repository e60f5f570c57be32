package org.mintpost.audit.service;

import static org.mintpost.audit.service.QueryParams.integer;
import static org.mintpost.audit.service.QueryParams.present;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.TokenLogQuery;
import org.mintpost.audit.repository.TokenLogRepository;
import org.mintpost.contracts.token.InternalCaller;

import io.smallrye.mutiny.Uni;

/** A token's feed: its uses, refused uses and lifecycle changes, newest first, for its own team only. */
@ApplicationScoped
public class TokenLogService {

    public static final Set<String> OUTCOMES = Set.of("accepted", "refused", "created", "regenerated", "revoked",
            "expired", "updated", "deleted");
    public static final Set<String> CHANNELS = Set.of("api", "smtp", IngestService.LIFECYCLE);

    /** What PostgreSQL and people can use; anything outside is a mistake, not a query. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final TokenLogRepository repository;
    private final AuditConfig config;

    public TokenLogService(TokenLogRepository repository, AuditConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** The raw query parameters, as the client sent them (any may be null). */
    public record Params(String cursor, String limit, String outcome, String channel, String from, String to) {
    }

    public Uni<TokenLogPage> logs(InternalCaller caller, String projectId, String tokenId, Params params) {
        if (!Text.usableId(tokenId) || !Text.usableId(projectId)) {
            return Uni.createFrom().failure(new ResourceNotFoundException("Token not found."));
        }
        TokenLogQuery query;
        try {
            query = validate(tokenId, params);
        } catch (InvalidRequestException e) {
            return Uni.createFrom().failure(e);
        }
        return repository.owner(tokenId)
                .map(owner -> owner.filter(o -> o.projectId() != null && o.projectId().equals(projectId)
                        && caller.sees(o.teamId(), o.projectId())))
                .chain(owner -> {
                    if (owner.isEmpty()) {
                        return Uni.createFrom().failure(new ResourceNotFoundException("Token not found."));
                    }
                    return repository.page(query).map(rows -> page(rows, query.limit() - 1));
                });
    }

    private static TokenLogPage page(List<TokenLogEntry> rows, int limit) {
        if (rows.size() <= limit) {
            return new TokenLogPage(rows, null);
        }
        List<TokenLogEntry> entries = List.copyOf(rows.subList(0, limit));
        TokenLogEntry last = entries.get(limit - 1);
        return new TokenLogPage(entries, new LogCursor(last.at(), last.id()).encode());
    }

    /** Checks every parameter and names each bad one; the query asks for one row more than the page. */
    TokenLogQuery validate(String tokenId, Params params) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        int limit = config.defaultPageSize();
        if (present(params.limit())) {
            Optional<Integer> parsed = integer(params.limit());
            if (parsed.isEmpty() || parsed.get() < 1 || parsed.get() > config.maxPageSize()) {
                add(errors, "limit", "The limit must be an integer between 1 and " + config.maxPageSize() + ".");
            } else {
                limit = parsed.get();
            }
        }
        LogCursor cursor = null;
        if (present(params.cursor())) {
            Optional<LogCursor> decoded = LogCursor.decode(params.cursor());
            if (decoded.isEmpty()) {
                add(errors, "cursor", "The cursor is invalid.");
            } else {
                cursor = decoded.get();
            }
        }
        String outcome = null;
        if (present(params.outcome())) {
            if (OUTCOMES.contains(params.outcome())) {
                outcome = params.outcome();
            } else {
                add(errors, "outcome", "The outcome must be one of " + String.join(", ", sorted(OUTCOMES)) + ".");
            }
        }
        String channel = null;
        if (present(params.channel())) {
            if (CHANNELS.contains(params.channel())) {
                channel = params.channel();
            } else {
                add(errors, "channel", "The channel must be one of " + String.join(", ", sorted(CHANNELS)) + ".");
            }
        }
        Instant from = null;
        if (present(params.from())) {
            from = instant(params.from()).orElse(null);
            if (from == null) {
                add(errors, "from", "The from must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00Z.");
            }
        }
        Instant to = null;
        if (present(params.to())) {
            to = instant(params.to()).orElse(null);
            if (to == null) {
                add(errors, "to", "The to must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00Z.");
            }
        }
        if (from != null && to != null && !to.isAfter(from)) {
            add(errors, "to", "The to must be after from.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new TokenLogQuery(tokenId, outcome, channel, from, to, cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), limit + 1);
    }

    /** An instant from ISO-8601: {@code 2026-01-31T12:00:00Z}, with an offset, or a plain date (UTC midnight). */
    static Optional<Instant> instant(String value) {
        String v = value.trim();
        if (v.length() > 64) {
            return Optional.empty();
        }
        Instant parsed = null;
        try {
            parsed = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            // not with an offset; try a date
        }
        if (parsed == null) {
            try {
                parsed = LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? Optional.empty() : Optional.of(parsed);
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
