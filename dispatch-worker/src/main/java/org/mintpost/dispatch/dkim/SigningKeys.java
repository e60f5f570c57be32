package org.mintpost.dispatch.dkim;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DomainChanged;

import io.quarkus.logging.Log;

/**
 * The keys this worker signs with, from {@code domain-changes}: per domain name, its status, its projects and
 * its active key, opened once when its state arrives (never per message). Only the active key is opened; a
 * domain whose key cannot be opened (another KEK, altered) signs nothing and says so once.
 */
@ApplicationScoped
public class SigningKeys {

    /** What signing one domain's mail needs. */
    public record SigningKey(String domainId, String domain, String selector, Set<String> projectIds,
            boolean verified, PrivateKey key, long revision) {

        @Override
        public String toString() {
            return "SigningKey[" + domain + ", s=" + selector + ", verified=" + verified + "]";
        }
    }

    private final Map<String, SigningKey> byId = new ConcurrentHashMap<>();
    private final Map<String, SigningKey> byName = new ConcurrentHashMap<>();
    private final Optional<KeyOpener> opener;

    public SigningKeys(DkimConfig config) {
        this.opener = config.keyEncryptionKey().filter(k -> !k.isBlank()).map(KeyOpener::new);
        if (opener.isEmpty()) {
            Log.warn("mintpost.dkim.key-encryption-key is not set: no message is DKIM-signed");
        }
    }

    /** The key to sign mail from {@code domain} for {@code projectId}, if the domain is verified for it. */
    public Optional<SigningKey> forSender(String domain, String projectId) {
        SigningKey key = byName.get(domain.toLowerCase(Locale.ROOT));
        return key != null && key.verified() && key.key() != null && key.projectIds().contains(projectId)
                ? Optional.of(key) : Optional.empty();
    }

    public synchronized void apply(DomainChanged change) {
        if (change == null || change.domainId() == null || change.domain() == null) {
            return;
        }
        SigningKey current = byId.get(change.domainId());
        if (current != null && current.revision() >= change.revision()) {
            return;
        }
        if (current != null) {
            byName.remove(current.domain(), current);
        }
        if (DomainChanged.STATUS_DELETED.equals(change.status())) {
            byId.remove(change.domainId());
            return;
        }
        SigningKey next = new SigningKey(change.domainId(), change.domain().toLowerCase(Locale.ROOT),
                change.activeSelector(), change.projectIds() == null ? Set.of() : Set.copyOf(change.projectIds()),
                change.isVerified(), activeKey(change), change.revision());
        byId.put(next.domainId(), next);
        byName.put(next.domain(), next);
    }

    /** One record of {@code domain-changes}: a state, or a tombstone (null). */
    public void accept(String domainId, DomainChanged change) {
        if (change == null) {
            remove(domainId);
        } else {
            apply(change);
        }
    }

    public synchronized void remove(String domainId) {
        SigningKey gone = byId.remove(domainId);
        if (gone != null) {
            byName.remove(gone.domain(), gone);
        }
    }

    public int size() {
        return byName.size();
    }

    private PrivateKey activeKey(DomainChanged change) {
        if (opener.isEmpty() || change.keys() == null) {
            return null;
        }
        for (DomainChanged.DkimKey k : change.keys()) {
            if (DomainChanged.DkimKey.ROLE_ACTIVE.equals(k.role())) {
                try {
                    return opener.get().open(k.sealedPrivateKey(), change.domainId(), k.selector());
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    Log.errorf("the DKIM key of %s (s=%s, sealed under KEK %s; this worker holds %s) cannot be "
                            + "opened: its mail goes out unsigned", change.domain(), k.selector(), k.kekId(),
                            opener.get().kekId());
                    return null;
                }
            }
        }
        return null;
    }
}
