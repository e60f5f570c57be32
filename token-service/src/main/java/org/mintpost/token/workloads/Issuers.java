package org.mintpost.token.workloads;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/** The configured issuer allowlist: exact URLs, http ones only when insecure issuers are allowed. */
@ApplicationScoped
public class Issuers {

    private final Set<String> allowed;
    private final boolean insecure;

    public Issuers(WorkloadsConfig config) {
        this.insecure = config.allowInsecureIssuers();
        Set<String> listed = config.issuers().stream().map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.allowed = listed.stream()
                .filter(s -> s.startsWith("https://") || (insecure && s.startsWith("http://")))
                .collect(Collectors.toUnmodifiableSet());
        listed.stream().filter(s -> !allowed.contains(s)).forEach(s -> Log.warnf(
                "trusted workloads: issuer %s ignored: only https issuers (allow-insecure-issuers is off)", s));
    }

    public boolean allowed(String issuer) {
        return issuer != null && allowed.contains(issuer);
    }

    public boolean insecureAllowed() {
        return insecure;
    }
}
