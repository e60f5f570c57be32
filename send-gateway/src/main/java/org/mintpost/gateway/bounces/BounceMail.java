package org.mintpost.gateway.bounces;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.gateway.service.TokenMap;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.RejectException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * A mail transaction without AUTH on the relay's plain ports: the bounce domain's MX (API.md, "Bounces and
 * complaints coming back"). Every {@code RCPT} must be at the bounce domain ({@code 530 5.7.0} otherwise, as for
 * any mail before AUTH: nothing is relayed), the report is read within the size limit and parsed; what names a message of
 * ours becomes events. Whatever is not a report, or names no known message, is answered {@code 250} and dropped
 * with a log line and a count; only a broker that does not take the events gets a {@code 451}, so the sender
 * tries again later.
 */
@ApplicationScoped
public class BounceMail implements MessageHandlerFactory {

    private final BounceConfig config;
    private final TokenMap tokens;
    private final BounceEvents events;
    private final MeterRegistry registry;

    public BounceMail(BounceConfig config, TokenMap tokens, BounceEvents events, MeterRegistry registry) {
        this.config = config;
        this.tokens = tokens;
        this.events = events;
        this.registry = registry;
    }

    @Override
    public MessageHandler create(MessageContext context) {
        return new Transaction();
    }

    private void count(String outcome) {
        registry.counter("mintpost.gateway.bounces", "outcome", outcome).increment();
    }

    private final class Transaction implements MessageHandler {
        private final List<String> to = new ArrayList<>();

        @Override
        public void from(String address) {
            // bounces come from the null sender, complaints from a feedback address: either is fine
        }

        @Override
        public void recipient(String address) throws RejectException {
            if (!ReturnPath.atBounceDomain(address, config.domain())) {
                count("refused_recipient");
                throw new RejectException(530, "5.7.0 Authentication required");
            }
            to.add(address);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            byte[] raw = data.readNBytes(config.maxMessageSize() + 1);
            if (raw.length > config.maxMessageSize()) {
                throw new RejectException(552, "5.3.4 Message size exceeds fixed limit");
            }
            BounceReports.Report report = BounceReports.parse(raw);
            if (report.type() == null) {
                count("not_a_report");
                Log.infof("bounces: a message to %s is no delivery status or feedback report; dropped", to);
                return "2.0.0 Ok: not a report, dropped";
            }
            List<DeliveryEvent> out = new ArrayList<>();
            for (String rcpt : to) {
                Optional<ReturnPath.Parts> parts = ReturnPath.parse(rcpt, config.domain());
                Optional<String> team = parts.flatMap(p -> tokens.teamOf(p.projectId()));
                if (team.isEmpty()) {
                    count("unknown_message");
                    Log.infof("bounces: %s report to %s names no known message; dropped", report.type(), rcpt);
                    continue;
                }
                out.addAll(BounceEvents.of(parts.get(), team.get(), report, Instant.now()));
            }
            if (out.isEmpty()) {
                count("nothing_to_do");
                return "2.0.0 Ok: report received";
            }
            if (!events.publish(out)) {
                count("not_kept");
                throw new RejectException(451, "4.3.0 Report not kept, try again later");
            }
            out.forEach(e -> count(e.status()));
            return "2.0.0 Ok: report received";
        }

        @Override
        public void done() {
        }
    }
}
