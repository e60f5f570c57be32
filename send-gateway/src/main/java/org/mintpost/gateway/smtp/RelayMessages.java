package org.mintpost.gateway.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.domains.SenderPolicy;
import org.mintpost.gateway.routes.RoutePicker;
import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.SendRefusedException;
import org.mintpost.gateway.service.SendService;
import org.mintpost.gateway.service.UsageRecorder;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.RejectException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * One mail transaction: envelope from {@code MAIL}/{@code RCPT}, then {@code DATA} read within the size
 * limit, control headers taken out, and the message handed to {@link SendService#acceptRaw} (rate
 * limit, idempotency, {@code send-jobs}); {@code 250 2.0.0 Ok: queued as <id>} only after the broker's ack.
 */
final class RelayMessages implements MessageHandlerFactory {

    static final String ENDPOINT = "SMTP DATA";
    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final SendService sends;
    private final SenderPolicy senders;
    private final RoutePicker routes;
    private final UsageRecorder usage;
    private final int maxSize;
    private final Duration timeout;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    RelayMessages(SendService sends, SenderPolicy senders, RoutePicker routes, UsageRecorder usage, int maxSize,
            Duration timeout, MeterRegistry registry) {
        this.sends = sends;
        this.senders = senders;
        this.routes = routes;
        this.usage = usage;
        this.maxSize = maxSize;
        this.timeout = timeout;
        this.registry = registry;
    }

    /** Messages between the end of DATA and their reply (waiting for Kafka). */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public MessageHandler create(MessageContext context) {
        return new Transaction(context);
    }

    private final class Transaction implements MessageHandler {
        private final MessageContext context;
        private String from;
        private final List<String> to = new ArrayList<>();

        Transaction(MessageContext context) {
            this.context = context;
        }

        @Override
        public void from(String address) {
            this.from = address;
        }

        @Override
        public void recipient(String address) throws RejectException {
            if (address == null || address.isBlank() || address.indexOf('@') < 1) {
                throw new RejectException(553, "5.1.3 Invalid recipient address");
            }
            to.add(address);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            SmtpLogin login = context.getAuthenticationHandler().map(AuthenticationHandler::getIdentity)
                    .filter(SmtpLogin.class::isInstance).map(SmtpLogin.class::cast)
                    .orElseThrow(() -> new RejectException(530, "5.7.0 Authentication required"));
            byte[] message;
            try {
                message = read(data);
            } catch (IOException e) {
                // the client hung up, reset or went silent before <CRLF>.<CRLF>: nothing is queued; the session
                // ends here with a reply of ours rather than the server's "421 4.4.0" and a logged stack trace
                registry.counter("mintpost.gateway.smtp.messages", "outcome", "incomplete").increment();
                Log.debugf("SMTP message from %s ended before <CRLF>.<CRLF>: %s", login.ip(), e.toString());
                throw new DropConnectionException(421, e instanceof SocketTimeoutException
                        ? "4.4.2 Timeout waiting for the rest of the message, nothing was queued"
                        : "4.4.2 Connection lost in the middle of the message, nothing was queued");
            } catch (RejectException e) {
                usage.record(login.current(), login.ip(), null, TokenUsed.CHANNEL_SMTP, ENDPOINT, AuthResult.TOO_LARGE,
                        List.of());
                throw e;
            }
            Instant receivedAt = Instant.now();
            ControlHeaders.Parsed parsed = ControlHeaders.parse(message, from, to);
            String key = parsed.idempotencyKey();
            AuthResult auth = login.current();
            if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
                record(login, parsed, AuthResult.VALIDATION, List.of());
                throw new RejectException(554, "5.6.0 The Idempotency-Key header must be 1 to 255 characters");
            }
            if (parsed.sandboxResult() != null && !SendJob.SANDBOX_RESULTS.contains(parsed.sandboxResult())) {
                record(login, parsed, AuthResult.VALIDATION, List.of());
                throw new RejectException(554, "5.6.0 The X-Lettermint-Sandbox-Result header must be one of "
                        + String.join(", ", SendJob.SANDBOX_RESULTS));
            }
            String refusal = senders.refusal(auth.grant().teamId(), auth.grant().projectId(),
                    parsed.from() != null ? parsed.from() : from);
            if (refusal != null) {
                record(login, parsed, AuthResult.VALIDATION, List.of());
                throw new RejectException(550, "5.7.1 " + refusal);
            }
            String blocked = AttachmentScan.refusal(parsed.mime());
            if (blocked != null) {
                record(login, parsed, AuthResult.VALIDATION, List.of());
                throw new RejectException(552, "5.7.1 Blocked file type, " + blocked
                        + " (GET /v1/blocked-file-types lists them); nothing was queued");
            }
            String slug = parsed.route() == null || parsed.route().isBlank() ? null : parsed.route().strip();
            RoutePicker.Picked picked = routes.pick(auth.grant().projectId(), Collections.singletonList(slug),
                    false).await().atMost(timeout);
            if (!picked.errors().isEmpty()) {
                record(login, parsed, AuthResult.VALIDATION, List.of());
                throw new RejectException(550, "5.7.1 " + RoutePicker.unknown(slug));
            }
            SendService.RawMessage raw = new SendService.RawMessage(parsed.mime(), from, List.copyOf(to),
                    parsed.tag(), parsed.metadata(), slug, picked.routeIds().get(0), parsed.fingerprint(),
                    parsed.sandboxResult());
            inFlight.incrementAndGet();
            try {
                SendService.Outcome outcome = sends.acceptRaw(auth.grant(), raw, key, receivedAt)
                        .await().atMost(timeout);
                String messageId = outcome.accepted().get(0).messageId();
                record(login, parsed, null, List.of(messageId));
                registry.counter("mintpost.gateway.smtp.messages", "outcome", "accepted").increment();
                return Replies.QUEUED + messageId;
            } catch (SendRefusedException e) {
                record(login, parsed, e.reason(), List.of());
                registry.counter("mintpost.gateway.smtp.messages", "outcome", e.reason()).increment();
                throw Replies.refusedSend(e);
            } catch (RuntimeException e) {
                Log.warnf("SMTP message from %s could not be queued: %s", login.ip(), e.getClass().getSimpleName());
                registry.counter("mintpost.gateway.smtp.messages", "outcome", "unavailable").increment();
                throw Replies.unavailable();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private void record(SmtpLogin login, ControlHeaders.Parsed parsed, String reason, List<String> ids) {
            usage.record(login.current(), login.ip(), parsed.userAgent(), TokenUsed.CHANNEL_SMTP, ENDPOINT, reason,
                    ids);
        }

        /**
         * Reads the message within the limit. Past it, the rest is read and dropped (up to the limit once
         * more, so the session can go on with a 552), or the connection is closed.
         */
        private byte[] read(InputStream data) throws IOException, RejectException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = data.read(buffer)) != -1) {
                total += n;
                if (total > maxSize) {
                    out = null;
                    long dropped = total;
                    while ((n = data.read(buffer)) != -1) {
                        dropped += n;
                        if (dropped > 2L * maxSize) {
                            registry.counter("mintpost.gateway.smtp.messages", "outcome", "too_large").increment();
                            RejectException reply = Replies.tooLarge(maxSize);
                            throw new DropConnectionException(reply.getCode(), reply.getMessage());
                        }
                    }
                    registry.counter("mintpost.gateway.smtp.messages", "outcome", "too_large").increment();
                    throw Replies.tooLarge(maxSize);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }

        @Override
        public void done() {
            // nothing held
        }
    }
}
