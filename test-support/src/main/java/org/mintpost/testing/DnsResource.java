package org.mintpost.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the shared test {@link DnsServer} and points the service's DNS look-ups at it
 * ({@code mintpost.dns.servers}); tests set records through {@link #zone()}.
 */
public class DnsResource implements QuarkusTestResourceLifecycleManager {

    private static DnsServer server;

    public static synchronized DnsServer server() {
        if (server == null) {
            server = DnsServer.start();
        }
        return server;
    }

    public static DnsZone zone() {
        return server().zone();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("mintpost.dns.servers", server().address());
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; closed with it
    }
}
