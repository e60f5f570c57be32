package org.mintpost.gateway.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.token.TokenFormat;

import io.smallrye.mutiny.Uni;

/**
 * Who is calling, for the endpoints that take more than a project token ({@code /v1/ping}, the
 * forwarded Team API): a project token, a team token, or an SSO JWT.
 */
@ApplicationScoped
public class CallerAuthenticator {

    /**
     * The verdict. {@code auth} describes the presented API token (also when refused); {@code sso} is
     * set for a verified SSO caller. {@code auth == null && sso == null} means no usable credential.
     */
    public record Caller(AuthResult auth, SsoPrincipal sso) {

        public boolean ok() {
            return sso != null || (auth != null && auth.ok());
        }

        public boolean team() {
            return sso != null || (auth != null && auth.ok() && auth.grant().isTeam());
        }

        public boolean project() {
            return auth != null && auth.ok() && auth.grant().isProject();
        }

        /** 401 rather than 403 when refused. */
        public boolean unauthenticated() {
            return !ok() && (auth == null || auth.unauthenticated());
        }
    }

    private final TokenAuthenticator tokens;
    private final SsoVerifier sso;
    private final UsageRecorder usage;

    public CallerAuthenticator(TokenAuthenticator tokens, SsoVerifier sso, UsageRecorder usage) {
        this.tokens = tokens;
        this.sso = sso;
        this.usage = usage;
    }

    /**
     * @param projectToken the {@code x-lettermint-token} value or null
     * @param bearer       the {@code Authorization: Bearer} value or null
     */
    public Uni<Caller> authenticate(String projectToken, String bearer, String ip) {
        if (bearer != null && !bearer.startsWith("lm_")) {
            return Uni.createFrom().item(sso.verify(bearer)
                    .map(p -> new Caller(null, p))
                    .orElseGet(() -> new Caller(AuthResult.refused(AuthResult.UNKNOWN, "sso"), null)));
        }
        String token = bearer != null ? bearer : projectToken;
        if (token == null) {
            return Uni.createFrom().item(new Caller(null, null));
        }
        return tokens.authenticate(token, ip, TokenUsed.CHANNEL_API).map(auth -> new Caller(auth, null));
    }

    /** Records the use on {@code token-usage} when an API token was presented. */
    public void record(Caller caller, String ip, String userAgent, String endpoint, String refusal) {
        if (caller.auth() == null || "sso".equals(caller.auth().display())) {
            return;
        }
        String reason = refusal != null ? refusal : caller.auth().reason();
        usage.record(caller.auth(), ip, userAgent, TokenUsed.CHANNEL_API, endpoint, reason, List.of());
    }

    /** Safe display of whatever was presented, for logs. */
    public static String display(String token) {
        return TokenFormat.display(token);
    }
}
