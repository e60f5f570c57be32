package org.mintpost.audit.service;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.StatsRepository;
import org.mintpost.contracts.token.InternalCaller;

import io.smallrye.mutiny.Uni;

/** Sending statistics of a date range from the daily counters (never from the messages themselves). */
@ApplicationScoped
public class StatsService {

    private final StatsRepository repository;
    private final AuditConfig config;

    public StatsService(StatsRepository repository, AuditConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** The range asked for and its days, oldest first. */
    public record Stats(LocalDate from, LocalDate to, StatsDay totals, List<StatsDay> daily) {
    }

    public Uni<Stats> stats(InternalCaller caller, String from, String to, String projectId, String routeId) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        LocalDate start = date(errors, "from", from);
        LocalDate end = date(errors, "to", to);
        int maxDays = config.statsMaxDays();
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                errors.put("to", List.of("The to must be a date after or equal to from."));
            } else if (ChronoUnit.DAYS.between(start, end) >= maxDays) {
                errors.put("to", List.of("The range may span at most " + maxDays + " days."));
            }
        }
        String project = id(errors, "project_id", projectId);
        String route = id(errors, "route_id", routeId);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidRequestException(errors));
        }
        if (caller.projectScope() != null) {
            if (project != null && !project.equals(caller.projectScope())) {
                return Uni.createFrom().failure(new ResourceNotFoundException("Project not found."));
            }
            project = caller.projectScope();
        }
        return repository.daily(caller.teamId(), start, end, project, route).map(days -> {
            StatsDay totals = new StatsDay(null, 0, 0, 0, 0, 0, 0, 0, 0, 0, StatsDay.Opens.NONE);
            for (StatsDay d : days) {
                totals = totals.plus(d);
            }
            return new Stats(start, end, totals, days);
        });
    }

    private static LocalDate date(Map<String, List<String>> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, List.of("The " + field + " field is required."));
            return null;
        }
        try {
            String v = value.trim();
            LocalDate d = LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v);
            if (d.getYear() < 2000 || d.getYear() > 9999) {
                throw new DateTimeException("out of range");
            }
            return d;
        } catch (DateTimeException e) {
            errors.put(field, List.of("The " + field + " must be a date (YYYY-MM-DD)."));
            return null;
        }
    }

    private static String id(Map<String, List<String>> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Text.usableId(value.trim())) {
            errors.put(field, List.of("The " + field + " is invalid."));
            return null;
        }
        return value.trim();
    }
}
