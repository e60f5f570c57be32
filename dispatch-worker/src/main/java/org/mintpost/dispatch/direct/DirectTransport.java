package org.mintpost.dispatch.direct;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.client.ReusableTransport;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.observability.DeliveryTracing;

import io.quarkus.logging.Log;

/**
 * Direct delivery: the recipients grouped by domain, one transaction per domain to its MX hosts in preference order,
 * on a kept connection of that destination when there is one, within its limits and back-off, with opportunistic
 * TLS or, where an MTA-STS {@code enforce} policy or a setting requires it, verified TLS.
 */
public class DirectTransport {

    private static final Pattern GREETING = Pattern.compile("response: (\\d{3})");

    private final DeliveryConfig config;
    private final MxResolver resolver;
    private final MtaStsPolicies policies;
    private final TlsSessions sessions;
    private final Destinations destinations;

    public DirectTransport(DeliveryConfig config, MxResolver resolver, MtaStsPolicies policies, TlsSessions sessions) {
        this.config = config;
        this.resolver = resolver;
        this.policies = policies;
        this.sessions = sessions;
        this.destinations = new Destinations(config);
    }

    public SmtpResult send(SendJob job, MimeMessage message, String envelopeFrom, List<String> recipients) {
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (String r : recipients) {
            int at = r.lastIndexOf('@');
            String domain = at < 0 ? "" : r.substring(at + 1).toLowerCase(Locale.ROOT);
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(r);
        }
        boolean required = config.requireTls() || tlsEnforced(job);
        SMTPMessage smtpMessage;
        try {
            smtpMessage = message instanceof SMTPMessage m ? m : new SMTPMessage(message);
        } catch (MessagingException e) {
            return SmtpResult.failure(554, "cannot copy message: " + e.getMessage());
        }
        smtpMessage.setEnvelopeFrom(envelopeFrom == null ? "" : envelopeFrom);
        Map<String, SmtpResult> results = new LinkedHashMap<>();
        byDomain.forEach((domain, rcpts) -> results.put(domain, deliverTo(domain, rcpts, smtpMessage, required)));
        SmtpResult merged = ResultMerge.merge(byDomain, results);
        DeliveryTracing.replied(merged.code(), merged.kind().name().toLowerCase(Locale.ROOT));
        return merged;
    }

    /** The message's own {@code settings.tls} or its route's {@code tls}: either {@code enforced} requires it. */
    static boolean tlsEnforced(SendJob job) {
        return SendJob.TLS_ENFORCED.equalsIgnoreCase(job.tls()) || job.content() != null
                && job.content().settings() != null
                && SendJob.TLS_ENFORCED.equalsIgnoreCase(job.content().settings().tls());
    }

    private SmtpResult deliverTo(String domain, List<String> recipients, SMTPMessage message, boolean required) {
        Resolution resolution = domain.isEmpty() ? Resolution.noRoute("no route to host: the address has no domain")
                : resolver.resolve(domain);
        switch (resolution.kind()) {
            case NO_ROUTE -> {
                return new SmtpResult(SmtpResult.Kind.PERMANENT, null, resolution.reason());
            }
            case DNS_FAILED -> {
                return SmtpResult.transientFailure(null, resolution.reason());
            }
            default -> {
                // found: delivered below
            }
        }
        Destination destination = resolution.destination();
        MtaStsPolicy policy = policies.policy(domain);
        boolean verified = required || policy.enforced();
        List<Destination.Host> hosts = destination.hosts().stream()
                .filter(h -> !policy.enforced() || policy.allows(h.name())).toList();
        if (hosts.isEmpty()) {
            return SmtpResult.transientFailure(null, "no MX host of " + domain + " is named by its MTA-STS policy");
        }
        DestinationState state = destinations.of(destination);
        try {
            return transaction(state, hosts, recipients, message, verified);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SmtpResult.transientFailure(null, "interrupted while waiting for " + state.key());
        }
    }

    private SmtpResult transaction(DestinationState state, List<Destination.Host> hosts, List<String> recipients,
            SMTPMessage message, boolean verified) throws InterruptedException {
        if (state.paused().isPresent()) {
            return SmtpResult.transientFailure(null, state.paused().get());
        }
        long deadline = System.nanoTime() + config.limits().maxWait().toNanos();
        if (!state.takeRate(deadline)) {
            return SmtpResult.transientFailure(null, "destination " + state.key() + " is at its messages-per-minute");
        }
        Address[] to = new Address[recipients.size()];
        try {
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(recipients.get(i), false);
            }
        } catch (MessagingException e) {
            return SmtpResult.failure(553, "bad recipient address: " + e.getMessage());
        }
        for (int tries = 1;; tries++) {
            DirectConnection c = state.idle(verified, config.idleTimeout());
            boolean reused = c != null;
            if (c == null) {
                if (!state.permit(deadline)) {
                    return SmtpResult.transientFailure(null, "every connection to " + state.key() + " is busy");
                }
                Opened opened = open(hosts, verified);
                if (opened.connection() == null) {
                    state.release();
                    if (!opened.tlsRefused()) {
                        // unreachable or refusing: the destination's trouble; a certificate we refuse is ours
                        state.backOff(opened.failure().response());
                        return opened.failure();
                    }
                    return SmtpResult.transientFailure(opened.failure().code(), "verified TLS is required and "
                            + state.key() + " does not offer it; nothing sent: " + opened.failure().response());
                }
                c = opened.connection();
            }
            try {
                c.transport().sendMessage(message, to);
                c.used();
                SmtpResult ok = SmtpResult.accepted(c.transport().getLastReturnCode(),
                        SmtpResult.lastLine(c.transport().getLastServerResponse()));
                state.giveBack(c);
                state.recovered();
                return ok;
            } catch (ReusableTransport.DeadBeforeMail e) {
                state.discard(c);
                if (!reused || tries > 1) {
                    return SmtpResult.transientFailure(null, c.host() + ": " + SmtpResult.describe(e));
                }
            } catch (MessagingException | RuntimeException e) {
                state.discard(c);
                SmtpResult r = e instanceof MessagingException m ? SmtpResult.classify(m)
                        : SmtpResult.transientFailure(null, SmtpResult.describe(e));
                if (r.kind() == SmtpResult.Kind.TRANSIENT) {
                    state.backOff(c.host() + ": " + SmtpResult.describe(e));
                    Log.infof("destination %s backed off until %s: %s", state.key(), state.pausedUntil(),
                            r.response());
                }
                return r;
            }
        }
    }

    private record Opened(DirectConnection connection, SmtpResult failure, boolean tlsRefused) {
    }

    /** A connection to the first MX host (by preference) and address that greets and, if required, does TLS. */
    private Opened open(List<Destination.Host> hosts, boolean verified) {
        SmtpResult last = null;
        boolean tlsRefused = false;
        for (Destination.Host host : hosts) {
            for (InetAddress address : host.addresses()) {
                ReusableTransport t = new ReusableTransport(
                        verified ? sessions.verified(host.name()) : sessions.opportunistic(), false);
                try {
                    t.connect(address.getHostAddress(), config.mxPort(), null, null);
                    return new Opened(new DirectConnection(t, host.name(), verified), null, false);
                } catch (MessagingException | RuntimeException e) {
                    new DirectConnection(t, host.name(), verified).close();
                    String where = host.name() + "[" + address.getHostAddress() + "]: ";
                    Matcher greeting = GREETING.matcher(String.valueOf(e.getMessage()));
                    Integer code = greeting.find() ? Integer.valueOf(greeting.group(1)) : null;
                    last = SmtpResult.transientFailure(code, where + SmtpResult.describe(e));
                    tlsRefused = verified && tlsFailure(e);
                }
            }
        }
        return new Opened(null, last, tlsRefused);
    }

    /** The TLS that was required could not be had (no STARTTLS, a certificate that does not verify). */
    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() != t ? nextOf(t) : null) {
            if (t instanceof javax.net.ssl.SSLException || String.valueOf(t.getMessage()).contains("STARTTLS")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable nextOf(Throwable t) {
        return t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
    }

    public void close() {
        destinations.closeAll();
    }
}
