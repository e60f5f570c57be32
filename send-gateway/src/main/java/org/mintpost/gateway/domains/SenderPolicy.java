package org.mintpost.gateway.domains;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.gateway.validation.EmailAddress;

import io.quarkus.logging.Log;

/**
 * Who may send as whom: with {@code mintpost.sending.require-verified-domain} on, a From is accepted only on
 * a domain that is verified and attached to the token's project. Answered from memory ({@link SendingDomains},
 * fed by {@code domain-changes}): no I/O per send.
 */
@ApplicationScoped
public class SenderPolicy {

    private final SendingDomains domains;
    private final boolean required;

    public SenderPolicy(SendingDomains domains, SendingConfig config) {
        this.domains = domains;
        this.required = config.requireVerifiedDomain();
        if (!required) {
            Log.warn("mintpost.sending.require-verified-domain=false: any From is accepted, on any domain");
        }
    }

    /** Null when {@code from} may be used by the team's project, else what the sender must do. */
    public String refusal(String teamId, String projectId, String from) {
        if (!required || from == null) {
            return null;
        }
        String address = EmailAddress.parse(from).map(EmailAddress::address).orElse(from).strip();
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        SendingDomains.Sender sender = domains.find(domain);
        if (sender == null || !sender.teamId().equals(teamId)) {
            return "The domain " + domain + " is not a sending domain of this project: add it under Domains, "
                    + "publish its DNS records, verify it and attach this project.";
        }
        if (!sender.projectIds().contains(projectId)) {
            return "The domain " + domain + " is not attached to this project: attach the project to the domain "
                    + "(PUT /v1/domains/{id}/projects).";
        }
        if (!sender.verifiedFor(projectId)) {
            return "The domain " + domain + " is not verified yet (" + sender.status() + "): publish its DNS records "
                    + "and verify it (POST /v1/domains/{id}/dns-records/verify).";
        }
        return null;
    }
}
