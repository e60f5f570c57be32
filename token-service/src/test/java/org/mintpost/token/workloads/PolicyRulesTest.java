package org.mintpost.token.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.token.service.ValidationFailed;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The production setting (insecure issuers not allowed) and the condition globs, without the application. */
class PolicyRulesTest {

    static WorkloadsConfig config(boolean insecure, String... issuers) {
        return new WorkloadsConfig() {
            public List<String> issuers() {
                return List.of(issuers);
            }

            public boolean allowInsecureIssuers() {
                return insecure;
            }

            public Duration fetchTimeout() {
                return Duration.ofSeconds(3);
            }

            public Duration keysCacheTtl() {
                return Duration.ofHours(1);
            }

            public Duration keysRefetchInterval() {
                return Duration.ofMinutes(1);
            }

            public int exchangesPerIpPerMinute() {
                return 60;
            }

            public int exchangesPerIssuerPerMinute() {
                return 600;
            }

            public int maxBodyBytes() {
                return 16384;
            }
        };
    }

    @Test
    void anHttpIssuerIsRefusedUnlessInsecureIssuersAreAllowed() throws Exception {
        var conditions = new ObjectMapper().readTree("{\"sub\":\"system:serviceaccount:shop:mailer\"}");
        PolicyRules strict = new PolicyRules(new Issuers(config(false, "http://k8s.local", "https://k8s.example")));
        ValidationFailed e = assertThrows(ValidationFailed.class, () -> strict.check(new PolicyRules.NewPolicy("k",
                "http://k8s.local", "mintpost", conditions, null, null)));
        assertTrue(e.errors().get("issuer").get(0).contains("https"));
        assertEquals(900, strict.check(new PolicyRules.NewPolicy("k", "https://k8s.example", "mintpost", conditions,
                null, null)).tokenTtlSeconds());
        PolicyRules local = new PolicyRules(new Issuers(config(true, "http://k8s.local")));
        assertEquals("http://k8s.local", local.check(new PolicyRules.NewPolicy("k", "http://k8s.local", "mintpost",
                conditions, 60L, List.of("10.0.0.0/8"))).issuer());
    }

    @Test
    void globsMatchAnyRunOfCharactersAndNothingElse() {
        assertTrue(ClaimMatch.matches("refs/heads/*", "refs/heads/main"));
        assertTrue(ClaimMatch.matches("repo:acme/*:ref:refs/tags/v*", "repo:acme/shop:ref:refs/tags/v1.2"));
        assertFalse(ClaimMatch.matches("refs/heads/*", "refs/tags/v1"));
        assertFalse(ClaimMatch.matches("acme/shop", "acme/shop2"));
        assertFalse(ClaimMatch.matches("acme.shop", "acmeXshop"));
        assertTrue(ClaimMatch.matches("a.b(c)*", "a.b(c)[x]"));
    }
}
