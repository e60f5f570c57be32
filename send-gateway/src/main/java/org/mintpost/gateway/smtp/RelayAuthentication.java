package org.mintpost.gateway.smtp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.client.TokenLookupClient;
import org.mintpost.gateway.service.AuthFailureThrottle;
import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.TokenAuthenticator;
import org.mintpost.gateway.service.UsageRecorder;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;

/**
 * {@code AUTH PLAIN} and {@code AUTH LOGIN} (SubEthaSMTP's {@link EasyAuthenticationHandlerFactory}
 * decodes them) with username {@code lettermint} and a project token as password, checked by the
 * gateway's own {@link TokenAuthenticator} (checksum, token map, revoked, expired, allowed IPs, the
 * project's SMTP switch). Refusals get their own reply codes and a {@code token-usage} event, both
 * limited per client address.
 */
final class RelayAuthentication implements AuthenticationHandlerFactory {

    static final String USERNAME = "lettermint";
    static final String ENDPOINT = "SMTP AUTH";

    /** The outcome of the validator call made on this session thread, read back by the handler. */
    private static final ThreadLocal<Attempt> ATTEMPT = new ThreadLocal<>();

    private record Attempt(SmtpLogin login, AuthResult refused, boolean unavailable, boolean throttled) {
    }

    private final EasyAuthenticationHandlerFactory easy;
    private final TokenAuthenticator authenticator;
    private final UsageRecorder usage;
    private final AuthFailureThrottle failures;
    private final Duration timeout;
    private final Counter refused;
    private final Counter throttled;

    RelayAuthentication(TokenAuthenticator authenticator, UsageRecorder usage, AuthFailureThrottle failures,
            Duration timeout, MeterRegistry registry) {
        this.authenticator = authenticator;
        this.usage = usage;
        this.failures = failures;
        this.timeout = timeout;
        this.easy = new EasyAuthenticationHandlerFactory(this::login);
        this.refused = registry.counter("mintpost.gateway.smtp.auth", "outcome", "refused");
        this.throttled = registry.counter("mintpost.gateway.smtp.auth", "outcome", "throttled");
    }

    @Override
    public List<String> getAuthenticationMechanisms() {
        return easy.getAuthenticationMechanisms();
    }

    @Override
    public AuthenticationHandler create() {
        AuthenticationHandler delegate = easy.create();
        return new AuthenticationHandler() {
            private SmtpLogin login;

            @Override
            public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                String ip = RelaySessions.ip(context);
                if (failures.retryAfterSeconds(ip) > 0) {
                    throttled.increment();
                    throw Replies.throttledAuth();
                }
                ATTEMPT.remove();
                try {
                    Optional<String> challenge = delegate.auth(clientInput, context);
                    Attempt attempt = ATTEMPT.get();
                    if (challenge.isEmpty() && attempt != null && attempt.login() != null) {
                        login = attempt.login();
                    }
                    return challenge;
                } catch (RejectException e) {
                    Attempt attempt = ATTEMPT.get();
                    if (attempt == null) {
                        throw e; // syntax: not a credential check
                    }
                    if (attempt.unavailable()) {
                        throw Replies.authUnavailable();
                    }
                    if (attempt.throttled()) {
                        throttled.increment();
                        throw Replies.throttledAuth();
                    }
                    refused.increment();
                    AuthResult result = attempt.refused();
                    if (failures.failed(ip)) {
                        usage.record(result, ip, null, TokenUsed.CHANNEL_SMTP, ENDPOINT, result.reason(), List.of());
                    }
                    throw Replies.refusedToken(result.reason());
                } finally {
                    ATTEMPT.remove();
                }
            }

            @Override
            public Object getIdentity() {
                return login;
            }
        };
    }

    /** The validator behind PLAIN and LOGIN: runs on the session thread. */
    private void login(String username, String password, MessageContext context) throws LoginFailedException {
        String ip = RelaySessions.ip(context);
        AuthResult result;
        try {
            result = authenticator.authenticate(password, ip, TokenUsed.CHANNEL_SMTP).await().atMost(timeout);
        } catch (AuthFailureThrottle.ThrottledException e) {
            // the gateway-wide brute-force throttle (malformed/unknown tokens from this address, API and SMTP)
            ATTEMPT.set(new Attempt(null, null, false, true));
            throw new LoginFailedException("throttled");
        } catch (TokenLookupClient.LookupUnavailableException | TimeoutException e) {
            ATTEMPT.set(new Attempt(null, null, true, false));
            throw new LoginFailedException("token check unavailable");
        } catch (RuntimeException e) {
            Log.warnf("SMTP AUTH check failed: %s", e.getClass().getSimpleName());
            ATTEMPT.set(new Attempt(null, null, true, false));
            throw new LoginFailedException("token check unavailable");
        }
        if (result.ok() && !result.grant().isProject()) {
            result = AuthResult.refused(AuthResult.FORBIDDEN, result.grant(), result.display());
        }
        if (result.ok() && !USERNAME.equalsIgnoreCase(username == null ? "" : username.trim())) {
            result = AuthResult.refused(AuthResult.FORBIDDEN, result.grant(), result.display());
        }
        if (!result.ok()) {
            ATTEMPT.set(new Attempt(null, result, false, false));
            throw new LoginFailedException(result.reason());
        }
        ATTEMPT.set(new Attempt(new SmtpLogin(password, ip, result), null, false, false));
    }

    /** Re-checks a session's token before a command: a revoked or regenerated-away token stops here. */
    AuthResult recheck(SmtpLogin login) {
        try {
            AuthResult result = authenticator.authenticate(login.token(), login.ip(), TokenUsed.CHANNEL_SMTP)
                    .await().atMost(timeout);
            login.update(result);
            return result;
        } catch (RuntimeException e) {
            // token-service unreachable on a cache miss: the token was valid a moment ago; keep the last answer
            return login.current();
        }
    }
}
