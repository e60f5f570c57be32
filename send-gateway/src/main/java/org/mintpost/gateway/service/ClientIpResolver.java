package org.mintpost.gateway.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mintpost.gateway.config.GatewayConfig;

/**
 * The client address: the socket's, unless the socket is a trusted proxy
 * ({@code mintpost.trusted-proxies}); then the right-most {@code X-Forwarded-For} entry that is not
 * itself a trusted proxy.
 */
@ApplicationScoped
public class ClientIpResolver {

    private final List<Cidr> trusted;

    @Inject
    public ClientIpResolver(GatewayConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    public ClientIpResolver(List<String> trustedProxies) {
        this.trusted = Cidr.parseAll(trustedProxies);
    }

    public String resolve(String socketAddress, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || forwardedFor.isBlank()
                || !Cidr.anyContains(trusted, socketAddress)) {
            return socketAddress;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (Cidr.literal(hop).isEmpty()) {
                return socketAddress;
            }
            if (!Cidr.anyContains(trusted, hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }
}
