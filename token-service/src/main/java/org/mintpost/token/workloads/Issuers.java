package org.mintpost.token.workloads;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

/** The configured issuer allowlist: exact URLs, http ones only when insecure issuers are allowed. */
@ApplicationScoped
public class Issuers {

    private final Set<String> allowed;
    private final boolean insecure;

    public Issuers(WorkloadsConfig config) {
        this.insecure = config.allowInsecureIssuers();
        this.allowed = config.issuers().stream().map(String::strip).filter(s -> !s.isEmpty())
                .filter(s -> s.startsWith("https://") || (insecure && s.startsWith("http://")))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean allowed(String issuer) {
        return issuer != null && allowed.contains(issuer);
    }

    public boolean insecureAllowed() {
        return insecure;
    }
}
