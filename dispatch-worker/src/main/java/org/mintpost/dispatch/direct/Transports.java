package org.mintpost.dispatch.direct;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.dispatch.client.MessageTransport;
import org.mintpost.dispatch.client.SmtpClient;
import org.mintpost.dispatch.config.DispatchConfig;

import io.quarkus.logging.Log;

/**
 * Chooses how a prepared message leaves ({@code mintpost.delivery.mode}): {@code smarthost} (the default) through
 * the configured upstream, {@code direct} to the recipients' MX hosts.
 */
@ApplicationScoped
public class Transports {

    private final DeliveryConfig config;
    private final DispatchConfig dispatch;
    private final List<String> dnsServers;
    private final Duration dnsTimeout;
    private DirectTransport direct;

    public Transports(DeliveryConfig config, DispatchConfig dispatch,
            @ConfigProperty(name = "mintpost.dns.servers") Optional<List<String>> dnsServers,
            @ConfigProperty(name = "mintpost.dns.timeout", defaultValue = "3s") Duration dnsTimeout) {
        this.config = config;
        this.dispatch = dispatch;
        this.dnsServers = dnsServers.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.dnsTimeout = dnsTimeout;
    }

    @Produces
    @ApplicationScoped
    MessageTransport transport(SmtpClient smtp) {
        switch (config.mode().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "smarthost" -> {
                return (job, message, envelopeFrom, recipients) -> smtp.send(message, envelopeFrom, recipients);
            }
            case "direct" -> {
                direct = direct(config, dispatch.sendTimeout(), dnsServers, dnsTimeout);
                Log.infof("direct delivery: MX look-ups ask %s, EHLO %s, MX port %d",
                        dnsServers.isEmpty() ? "the machine's resolvers" : String.join(", ", dnsServers),
                        helo(config), config.mxPort());
                return direct::send;
            }
            default -> throw new IllegalArgumentException(
                    "mintpost.delivery.mode must be smarthost or direct, not " + config.mode());
        }
    }

    /** A direct transport from configuration alone (also what the tests build). */
    public static DirectTransport direct(DeliveryConfig config, Duration timeout, List<String> dnsServers,
            Duration dnsTimeout) {
        AddressPolicy policy = new AddressPolicy(config.allowedNetworks().orElse(List.of()));
        MxResolver resolver = new MxResolver(dnsServers, dnsTimeout, policy, config.dnsCache());
        TlsSessions sessions = new TlsSessions(helo(config), timeout, config.trustStore(),
                config.trustStorePassword());
        MtaStsPolicies policies = new MtaStsPolicies(resolver, config.mtaSts(), sessions.verifying());
        return new DirectTransport(config, resolver, policies, sessions);
    }

    static String helo(DeliveryConfig config) {
        return config.heloHost().filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (direct != null) {
            direct.close();
        }
    }
}
