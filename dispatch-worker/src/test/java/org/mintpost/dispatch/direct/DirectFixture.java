package org.mintpost.dispatch.direct;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;

import org.mintpost.testing.DnsServer;
import org.mintpost.testing.DnsZone;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A small internet on the loopback: a real DNS server (test-support) and MX hosts at 127.0.0.20 and up, all on
 * one port (the worker's {@code mx-port}); the worker may deliver into 127.0.0.16 to .63 only, so an MX at 127.0.0.1
 * is refused as any private address is.
 */
final class DirectFixture implements AutoCloseable {

    static final String ALLOWED = "127.0.0.16/28,127.0.0.32/27";

    final DnsServer dns = DnsServer.start();
    final int port;
    private final List<MxServer> servers = new ArrayList<>();
    private int next = 20;

    DirectFixture() throws IOException {
        this.port = freePort();
    }

    DnsZone zone() {
        return dns.zone();
    }

    /** A new MX host at the next loopback address, named {@code host} in the DNS. */
    MxServer mx(String host, SSLContext tls) throws IOException {
        String address = "127.0.0." + next++;
        MxServer server = new MxServer(address, port, tls);
        servers.add(server);
        zone().a(host, address);
        return server;
    }

    /** {@code domain} served by a new MX host {@code mx.<domain>}. */
    MxServer domain(String domain) throws IOException {
        zone().mx(domain, 10, "mx." + domain);
        return mx("mx." + domain, null);
    }

    /** An address in the allowed range where nothing listens. */
    String deadAddress() {
        return "127.0.0." + next++;
    }

    DeliveryConfig config(Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>();
        p.put("mintpost.delivery.mode", "direct");
        p.put("mintpost.delivery.helo-host", "mta.mintpost.test");
        p.put("mintpost.delivery.mx-port", Integer.toString(port));
        p.put("mintpost.delivery.allowed-networks", ALLOWED);
        p.put("mintpost.delivery.backoff.initial", "30s");
        p.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(DeliveryConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(p, "test", 500)).build();
        return config.getConfigMapping(DeliveryConfig.class);
    }

    DirectTransport transport(Map<String, String> overrides) {
        return Transports.direct(config(overrides), Duration.ofSeconds(2), List.of(dns.address()),
                Duration.ofSeconds(2));
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 60000);
            try (var a = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.20"));
                    var b = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.63"))) {
                return port;
            } catch (BindException taken) {
                // next
            }
        }
        throw new IOException("no port free on 127.0.0.16 to .63");
    }

    @Override
    public void close() throws IOException {
        for (MxServer s : servers) {
            s.close();
        }
        dns.close();
    }
}
