package org.mintpost.gateway.domains;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DomainChanged;

/**
 * The sending domains as the edge knows them from {@code domain-changes}: name → status and the projects
 * allowed to send from it. The highest revision per domain wins; a deleted domain is gone. No key material
 * is kept here (the edge has no use for it).
 */
@ApplicationScoped
public class SendingDomains {

    /** One domain as the sender policy needs it. */
    public record Sender(String domainId, String teamId, String domain, String status, Set<String> projectIds,
            long revision) {

        public boolean verifiedFor(String projectId) {
            return DomainChanged.STATUS_VERIFIED.equals(status) && projectIds.contains(projectId);
        }
    }

    private final Map<String, Sender> byId = new ConcurrentHashMap<>();
    private final Map<String, Sender> byName = new ConcurrentHashMap<>();

    /** Applies one domain state; older revisions than the one held are ignored. */
    public synchronized void apply(DomainChanged change) {
        if (change == null || change.domainId() == null || change.domain() == null) {
            return;
        }
        Sender current = byId.get(change.domainId());
        if (current != null && current.revision() >= change.revision()) {
            return;
        }
        if (current != null) {
            byName.remove(current.domain(), current);
        }
        Sender next = new Sender(change.domainId(), change.teamId(), change.domain().toLowerCase(Locale.ROOT),
                change.status(),
                change.projectIds() == null ? Set.of() : Set.copyOf(change.projectIds()), change.revision());
        byId.put(next.domainId(), next);
        if (!DomainChanged.STATUS_DELETED.equals(next.status())) {
            byName.put(next.domain(), next);
        }
    }

    /** One record of {@code domain-changes}: a state, or a tombstone (null). */
    public void accept(String domainId, DomainChanged change) {
        if (change == null) {
            remove(domainId);
        } else {
            apply(change);
        }
    }

    /** A tombstone: the domain is gone from the topic. */
    public synchronized void remove(String domainId) {
        Sender gone = byId.remove(domainId);
        if (gone != null) {
            byName.remove(gone.domain(), gone);
        }
    }

    /** The live domain of that name (lower case), or null. */
    public Sender find(String domain) {
        return byName.get(domain);
    }

    public int size() {
        return byName.size();
    }
}
