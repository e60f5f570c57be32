package org.mintpost.dispatch.suppressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.event.SendJob;

/**
 * The live suppression entries of every team, from {@code suppression-changes}, indexed by team and value so that
 * a recipient costs a few map lookups (its address, its domain, each extension of its domain), never a call.
 */
@ApplicationScoped
public class SuppressionList {

    /** The recipients of a job that may be mailed, and those an entry keeps (with the entry). */
    public record Split(List<String> allowed, Map<String, SuppressionChanged> suppressed) {
    }

    private final Map<String, SuppressionChanged> byId = new ConcurrentHashMap<>();
    /** team id → value → entries with that value (one per scope, project or route). */
    private final Map<String, Map<String, List<SuppressionChanged>>> byTeam = new ConcurrentHashMap<>();

    /** The entry that keeps this job's mail from {@code recipient}, if any. */
    public Optional<SuppressionChanged> match(SendJob job, String recipient) {
        Map<String, List<SuppressionChanged>> values = job.teamId() == null ? null : byTeam.get(job.teamId());
        if (values == null || recipient == null) {
            return Optional.empty();
        }
        String address = recipient.toLowerCase(Locale.ROOT);
        String domain = address.substring(address.lastIndexOf('@') + 1);
        List<String> keys = new ArrayList<>(List.of(address, domain));
        for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
            keys.add(domain.substring(dot));
        }
        for (String key : keys) {
            for (SuppressionChanged entry : values.getOrDefault(key, List.of())) {
                if (entry.matches(job.teamId(), job.projectId(), job.routeId(), recipient)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    /** Splits {@code recipients} (in order) into those to mail and those suppressed. */
    public Split split(SendJob job, List<String> recipients) {
        List<String> allowed = new ArrayList<>(recipients.size());
        Map<String, SuppressionChanged> suppressed = new java.util.LinkedHashMap<>();
        for (String r : recipients) {
            Optional<SuppressionChanged> entry = match(job, r);
            if (entry.isPresent()) {
                suppressed.put(r, entry.get());
            } else {
                allowed.add(r);
            }
        }
        return new Split(allowed, suppressed);
    }

    /** One record of {@code suppression-changes}: a state (kept if newer), or a tombstone (null). */
    public synchronized void accept(String id, SuppressionChanged change) {
        SuppressionChanged current = byId.get(id);
        if (change != null && current != null && current.revision() >= change.revision()) {
            return;
        }
        if (current != null) {
            unindex(current);
        }
        if (change == null || change.isDeleted() || change.teamId() == null || change.value() == null) {
            byId.remove(id);
            return;
        }
        byId.put(id, change);
        byTeam.computeIfAbsent(change.teamId(), t -> new ConcurrentHashMap<>())
                .compute(change.value(), (v, list) -> {
                    List<SuppressionChanged> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                    next.add(change);
                    return List.copyOf(next);
                });
    }

    private void unindex(SuppressionChanged entry) {
        Map<String, List<SuppressionChanged>> values = byTeam.get(entry.teamId());
        if (values == null) {
            return;
        }
        values.computeIfPresent(entry.value(), (v, list) -> {
            List<SuppressionChanged> next = new ArrayList<>(list);
            next.removeIf(e -> e.suppressionId().equals(entry.suppressionId()));
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    public int size() {
        return byId.size();
    }
}
