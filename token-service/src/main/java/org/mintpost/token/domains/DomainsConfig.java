package org.mintpost.token.domains;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sending domains: DKIM key sealing, the DNS servers verification asks, the records users publish. */
@ConfigMapping(prefix = "mintpost")
public interface DomainsConfig {

    Dkim dkim();

    Dns dns();

    Bounces bounces();

    Domains domains();

    interface Dkim {
        /**
         * Base64 of 32 random bytes: the AES-256 key that seals every DKIM private key (at rest and on
         * {@code domain-changes}). From a Secret; never logged. Without it no domain can be created.
         */
        Optional<String> keyEncryptionKey();
    }

    interface Dns {
        /** {@code host:port} (port 53 when left out); empty: the machine's resolvers. */
        Optional<List<String>> servers();

        /**
         * The deadline of one look-up, every server and retry included (at most 3 s, and at most the request
         * deadline less 1 s: a verification's look-ups run in parallel between its database reads and write).
         */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Bounces {
        /** The platform's bounce domain: each domain's return-path CNAME points at it. */
        @WithDefault("bounces.localhost")
        String domain();
    }

    interface Domains {
        /** The return-path record's name under each domain ({@code <label>.<domain> CNAME <bounce domain>}). */
        @WithDefault("mp-bounces")
        String returnPathLabel();

        /** The recommended DMARC record's content. */
        @WithDefault("v=DMARC1; p=none;")
        String dmarcRecord();

        Verification verification();
    }

    interface Verification {
        /** How often the scheduler looks for domains due a check. */
        @WithDefault("30s")
        Duration interval();

        /** Wait after the first unsuccessful scheduled check; doubled after each further one. */
        @WithDefault("1m")
        Duration initialBackoff();

        /** The longest wait between two scheduled checks of a domain not verified yet. */
        @WithDefault("6h")
        Duration maxBackoff();

        /** How often a verified domain is checked again (its records may be removed). */
        @WithDefault("24h")
        Duration recheckInterval();

        /** A domain never seen verified is failed_verification after this long without its records. */
        @WithDefault("72h")
        Duration giveUpAfter();

        /** Domains checked per scheduler round. */
        @WithDefault("20")
        int batchSize();
    }
}
