package org.mintpost.dispatch.bounces;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.contracts.event.SendJob;

/**
 * The {@code MAIL FROM} of every delivery: the message's own return path at the platform's bounce domain
 * ({@code mintpost.bounces.domain}), so that an asynchronous bounce or a complaint comes back to the SMTP relay
 * (its plain ports are the bounce domain's MX) naming the message and its project. A job whose ids cannot be
 * encoded keeps the sender's address.
 */
@ApplicationScoped
public class ReturnPaths {

    private final String bounceDomain;

    public ReturnPaths(@ConfigProperty(name = "mintpost.bounces.domain", defaultValue = "bounces.localhost")
            String bounceDomain) {
        this.bounceDomain = bounceDomain;
    }

    public String envelopeFrom(SendJob job, String senderAddress) {
        return ReturnPath.of(job.messageId(), job.projectId(), bounceDomain).orElse(senderAddress);
    }
}
