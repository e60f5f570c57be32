package org.mintpost.token.workloads;

import java.util.Map;

import org.mintpost.testing.OidcIssuer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Test OIDC issuers: {@code trusted} and {@code flaky} on the allowlist, {@code stranger} not; http allowed (tests
 * only), a short fetch deadline so that a hanging JWKS answers 503 quickly, and a
 * refetch interval of 2 s instead of a minute so that a key rotation is picked up within the test.
 */
public class OidcIssuersResource implements QuarkusTestResourceLifecycleManager {

    static OidcIssuer trusted;
    static OidcIssuer flaky;
    static OidcIssuer stranger;

    @Override
    public Map<String, String> start() {
        trusted = OidcIssuer.start();
        flaky = OidcIssuer.start();
        stranger = OidcIssuer.start();
        return Map.of(
                "mintpost.trusted-workloads.issuers",
                trusted.url() + "," + flaky.url() + ",https://token.actions.githubusercontent.com",
                "mintpost.trusted-workloads.allow-insecure-issuers", "true",
                "mintpost.trusted-workloads.fetch-timeout", "1s",
                "mintpost.trusted-workloads.keys-refetch-interval", "2s",
                "mintpost.trusted-workloads.exchanges-per-ip-per-minute", "20");
    }

    @Override
    public void stop() {
        trusted.close();
        flaky.close();
        stranger.close();
    }
}
