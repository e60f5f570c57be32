package org.mintpost.dispatch.direct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Runs the worker in direct mode against a {@link DirectFixture}: its DNS server, its MX port, its allowed networks. */
public class DirectNetResource implements QuarkusTestResourceLifecycleManager {

    private static DirectFixture net;

    static DirectFixture net() {
        return net;
    }

    @Override
    public Map<String, String> start() {
        try {
            net = new DirectFixture();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mintpost.delivery.mode", "direct",
                "mintpost.delivery.mx-port", Integer.toString(net.port),
                "mintpost.delivery.allowed-networks", DirectFixture.ALLOWED,
                "mintpost.delivery.helo-host", "mta.mintpost.test",
                "mintpost.dns.servers", net.dns.address(),
                "mintpost.bounces.domain", Mails.BOUNCES,
                // a destination that answered 4xx is paused this long: the retries of the tests get through
                "mintpost.delivery.backoff.initial", "2s");
    }

    @Override
    public void stop() {
        try {
            net.close();
        } catch (IOException e) {
            // test over
        }
    }
}
