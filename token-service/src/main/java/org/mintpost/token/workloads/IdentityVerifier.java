package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.mintpost.token.service.Clock;
import org.mintpost.token.workloads.ExchangeErrors.IdentityRejected;

/**
 * Verifies a workload's OIDC identity token with jose4j: only RS256/ES256; the issuer on the allowlist before any
 * key is fetched; the issuer's key; {@code exp}, {@code nbf}/{@code iat} within {@link #SKEW_SECONDS}; a lifetime of
 * at most {@link #MAX_LIFETIME_SECONDS}; {@code sub}, {@code jti} and an audience present. Which audience and claims
 * are trusted is the policies' business.
 */
@ApplicationScoped
public class IdentityVerifier {

    static final int SKEW_SECONDS = 60;
    static final long MAX_LIFETIME_SECONDS = 3600;
    static final int MAX_LENGTH = 8192;
    static final Set<String> ALGORITHMS = Set.of(AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

    private static final JwtConsumer PARSER = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().build();

    /** What a verified identity token says. */
    public record Identity(String issuer, String subject, List<String> audiences, String jwtId, Instant expiresAt,
            JwtClaims claims) {
    }

    /** A parsed, not yet verified, identity token whose issuer is on the allowlist. */
    public record Parsed(JwtContext context, String issuer, String keyId) {
    }

    private final Issuers issuers;
    private final IssuerKeys keys;

    public IdentityVerifier(Issuers issuers, IssuerKeys keys) {
        this.issuers = issuers;
        this.keys = keys;
    }

    /** Parses without trusting anything: the shape, the algorithm and the issuer on the allowlist. */
    public Parsed parse(String jwt) {
        if (jwt == null || jwt.isBlank() || jwt.length() > MAX_LENGTH) {
            throw new IdentityRejected("it is missing or not a JWT");
        }
        JwtContext context;
        try {
            context = PARSER.process(jwt.strip());
        } catch (InvalidJwtException e) {
            throw new IdentityRejected("it is not a well-formed JWT");
        }
        if (context.getJoseObjects().size() != 1
                || !(context.getJoseObjects().get(0) instanceof JsonWebSignature jws)) {
            throw new IdentityRejected("it is not a signed JWT");
        }
        if (!ALGORITHMS.contains(jws.getAlgorithmHeaderValue())) {
            throw new IdentityRejected("only RS256 and ES256 signatures are accepted");
        }
        String issuer;
        try {
            issuer = context.getJwtClaims().getIssuer();
        } catch (MalformedClaimException e) {
            throw new IdentityRejected("its iss claim is malformed");
        }
        if (!issuers.allowed(issuer)) {
            throw new IdentityRejected("its issuer is not trusted by this platform");
        }
        return new Parsed(context, issuer, jws.getKeyIdHeaderValue());
    }

    /** Fetches (or reuses) the issuer's keys and verifies the signature and the time claims. */
    public CompletableFuture<Identity> verify(Parsed parsed) {
        return keys.keys(parsed.issuer(), parsed.keyId()).thenApply(found -> check(parsed, found));
    }

    private static Identity check(Parsed parsed, List<JsonWebKey> found) {
        if (parsed.keyId() != null && found.stream().noneMatch(k -> parsed.keyId().equals(k.getKeyId()))) {
            throw new IdentityRejected("its key id is not among the issuer's keys");
        }
        Instant now = Clock.now();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        ALGORITHMS.toArray(String[]::new))
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(found))
                .setExpectedIssuer(parsed.issuer())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .setSkipDefaultAudienceValidation()
                .setAllowedClockSkewInSeconds(SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .build();
        JwtClaims claims;
        try {
            NumericDate issuedAt = parsed.context().getJwtClaims().getIssuedAt();
            if (issuedAt != null && issuedAt.getValue() > now.getEpochSecond() + SKEW_SECONDS) {
                throw new IdentityRejected("it is not valid yet (iat is in the future)");
            }
            consumer.processContext(parsed.context());
            claims = parsed.context().getJwtClaims();
        } catch (InvalidJwtException e) {
            throw new IdentityRejected(reason(e));
        } catch (MalformedClaimException e) {
            throw new IdentityRejected("a claim is malformed");
        }
        try {
            long exp = claims.getExpirationTime().getValue();
            NumericDate iat = claims.getIssuedAt();
            NumericDate nbf = claims.getNotBefore();
            long nowSeconds = now.getEpochSecond();
            long start = iat != null ? iat.getValue() : nbf != null ? nbf.getValue() : nowSeconds;
            if (exp - start > MAX_LIFETIME_SECONDS) {
                throw new IdentityRejected("it lives longer than " + MAX_LIFETIME_SECONDS + " seconds");
            }
            List<String> audiences = claims.getAudience();
            if (audiences == null || audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null)) {
                throw new IdentityRejected("it names no audience");
            }
            return new Identity(parsed.issuer(), claims.getSubject(), List.copyOf(audiences), claims.getJwtId(),
                    Instant.ofEpochSecond(exp), claims);
        } catch (MalformedClaimException e) {
            throw new IdentityRejected("a claim is malformed");
        }
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "it has expired";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "it is not valid yet";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
                || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "its signature does not verify";
        }
        if (e.hasErrorCode(ErrorCodes.JWT_ID_MISSING)) {
            return "it has no jti";
        }
        if (e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return "it has no sub";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "it has no exp";
        }
        return "it does not verify";
    }
}
