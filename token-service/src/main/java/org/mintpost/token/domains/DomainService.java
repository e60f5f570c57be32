package org.mintpost.token.domains;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.token.domains.dkim.DkimKeyFactory;
import org.mintpost.token.repository.TeamRepository;
import org.mintpost.token.service.Caller;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Errors;
import org.mintpost.token.service.Keyset;
import org.mintpost.token.service.NotFound;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A team's sending domains (the official SDK's {@code domains} surface, verification aside): create with
 * DKIM keys and DNS records, list, retrieve, attach projects, delete. Every change is published on
 * {@code domain-changes} before the call returns.
 */
@ApplicationScoped
public class DomainService {

    private final DomainRepository domains;
    private final DomainDetailsRepository details;
    private final TeamRepository teams;
    private final DkimKeyFactory keys;
    private final DomainRecords records;
    private final DomainEvents events;
    private final ChangePublisher publisher;
    private final DomainsConfig config;

    public DomainService(DomainRepository domains, DomainDetailsRepository details, TeamRepository teams,
            DkimKeyFactory keys, DomainRecords records, DomainEvents events, ChangePublisher publisher,
            DomainsConfig config) {
        this.domains = domains;
        this.details = details;
        this.teams = teams;
        this.keys = keys;
        this.records = records;
        this.events = events;
        this.publisher = publisher;
        this.config = config;
    }

    public Uni<DomainView> create(Caller caller, String requested) {
        Errors errors = new Errors();
        String name = DomainNames.normalise(errors, requested);
        errors.throwIfAny();
        if (!keys.available()) {
            return Uni.createFrom().failure(new DkimUnavailable());
        }
        Instant now = Clock.now();
        Domain domain = new Domain();
        domain.id = UUID.randomUUID();
        domain.teamId = caller.teamId();
        domain.domain = name;
        domain.status = Domain.PENDING;
        domain.statusChangedAt = now;
        domain.dkimMode = Domain.LEGACY_TXT;
        domain.nextSelector = 3;
        domain.nextCheckAt = now.plus(config.domains().verification().initialBackoff());
        domain.createdAt = now;
        domain.updatedAt = now;
        // RSA key generation blocks for a while: off the event loop, before the transaction
        return OnContext.blocking(() -> List.of(
                keys.create(domain.id, "mp1", DomainChanged.DkimKey.ROLE_ACTIVE, now),
                keys.create(domain.id, "mp2", DomainChanged.DkimKey.ROLE_STANDBY, now.plusNanos(1_000))))
                .chain(pair -> Panache.withTransaction(() -> domains.findByName(name)
                        .invoke(existing -> refuseTaken(existing, caller))
                        .chain(() -> teams.ensureExists(caller.teamId(), "Team " + caller.teamId()))
                        .chain(() -> domains.persist(domain))
                        .chain(() -> details.persist(pair))
                        .chain(() -> details.persist(records.forDomain(domain, pair)))
                        .chain(() -> events.record(domain, pair, DomainChanged.CHANGE_CREATED, caller.actor(), now))))
                .call(publisher::publishCommitted)
                .chain(() -> get(caller, domain.id));
    }

    private static void refuseTaken(Domain existing, Caller caller) {
        if (existing == null) {
            return;
        }
        if (existing.teamId.equals(caller.teamId())) {
            new Errors().add("domain", "The domain has already been taken.").throwIfAny();
        }
        throw new DomainConflict("The domain " + existing.domain + " is already in use by another team. "
                + "If it is yours, ask that team to delete it, then add it again.");
    }

    public Uni<DomainView> get(Caller caller, UUID id) {
        return Panache.withSession(() -> visible(caller, id).chain(this::view));
    }

    public Uni<Keyset.Page<Domain>> list(DomainQuery query, int perPage) {
        return Panache.withSession(() -> domains.page(query, perPage + 1))
                .map(rows -> query.keyset().page(rows, perPage, query::sortValue, d -> d.id));
    }

    public Uni<DomainView> updateProjects(Caller caller, UUID id, List<String> projectIds) {
        Errors errors = new Errors();
        Set<UUID> wanted = new LinkedHashSet<>();
        if (projectIds == null) {
            errors.add("project_ids", "The project_ids field is required.");
        } else {
            for (int i = 0; i < projectIds.size(); i++) {
                try {
                    wanted.add(UUID.fromString(projectIds.get(i).strip()));
                } catch (IllegalArgumentException e) {
                    errors.add("project_ids." + i, "The selected project_ids." + i + " is invalid.");
                }
            }
        }
        errors.throwIfAny();
        Instant now = Clock.now();
        return Panache.withTransaction(() -> lockVisible(caller, id)
                .chain(domain -> details.projects(caller.teamId(), wanted).chain(found -> {
                    Set<UUID> known = new LinkedHashSet<>();
                    found.forEach(p -> known.add(p.id()));
                    List<UUID> asked = List.copyOf(wanted);
                    for (int i = 0; i < asked.size(); i++) {
                        if (!known.contains(asked.get(i))) {
                            errors.add("project_ids." + i, "The selected project_ids." + i + " is invalid.");
                        }
                    }
                    errors.throwIfAny();
                    domain.projectIds.clear();
                    domain.projectIds.addAll(known);
                    return details.keys(domain.id).chain(list -> events.record(domain, list,
                            DomainChanged.CHANGE_UPDATED, caller.actor(), now));
                })))
                .call(publisher::publishCommitted)
                .chain(() -> get(caller, id));
    }

    /** Deletes the domain and its keys; published as {@code deleted} (no key, no project). */
    public Uni<Void> delete(Caller caller, UUID id) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> lockVisible(caller, id).chain(domain -> {
            domain.deletedAt = now;
            domain.nextCheckAt = null;
            domain.projectIds.clear();
            return details.keys(domain.id).call(details::remove)
                    .chain(() -> events.record(domain, List.of(), DomainChanged.CHANGE_DELETED, caller.actor(), now));
        })).call(publisher::publishCommitted);
    }

    Uni<Domain> visible(Caller caller, UUID id) {
        return domains.findVisible(caller.teamId(), id).onItem().ifNull().failWith(() -> new NotFound("Domain"));
    }

    Uni<Domain> lockVisible(Caller caller, UUID id) {
        return domains.findVisibleForUpdate(caller.teamId(), id)
                .onItem().ifNull().failWith(() -> new NotFound("Domain"));
    }

    Uni<DomainView> view(Domain domain) {
        return details.records(domain.id).chain(list -> details.projects(domain.teamId, domain.projectIds)
                .map(projects -> new DomainView(domain, list, projects)));
    }
}
