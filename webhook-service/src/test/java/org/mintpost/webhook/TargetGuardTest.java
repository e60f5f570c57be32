package org.mintpost.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mintpost.webhook.service.TargetGuard;

/** The SSRF guard with private targets not allowed (as in production and k8s/). */
class TargetGuardTest {

    private final TargetGuard guard = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/", "https://172.16.0.1/",
        "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://[::1]/", "https://[fd00::1]/",
        "https://[fe80::1]/", "https://100.64.0.1/", "https://0.0.0.0/", "https://[::ffff:127.0.0.1]/",
        "https://224.0.0.1/" })
    void privateLoopbackLinkLocalAndMetadataTargetsAreRefused(String url) {
        assertTrue(guard.refusal(url).contains("loopback, private"), url + " -> " + guard.refusal(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://example.com/hook", "ftp://example.com/", "example.com/hook", "https:///x" })
    void onlyAbsoluteHttpsUrlsAreTaken(String url) {
        String refusal = guard.refusal(url);
        assertTrue(refusal != null && refusal.contains("https"), url + " -> " + refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111" })
    void publicAddressesPass(String address) throws Exception {
        assertEquals(false, TargetGuard.forbidden(InetAddress.getByName(address)));
        assertNull(guard.refusal("https://" + (address.contains(":") ? "[" + address + "]" : address) + "/hook"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080/hook", "https://10.0.0.1/" })
    void theLocalStackFlagLetsPrivateTargetsThrough(String url) {
        assertNull(new TargetGuard(true).refusal(url));
    }
}
