package org.mintpost.token.domains.dns;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.deadline.DeadlineConfig;
import org.mintpost.token.domains.DomainsConfig;
import org.mintpost.token.domains.OnContext;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Asks real DNS servers ({@code mintpost.dns.servers}, else the machine's resolvers) with dnsjava, without
 * blocking a thread: each look-up ends within {@code mintpost.dns.timeout} as found, absent (NXDOMAIN or no
 * record of the type) or failed (a timeout, SERVFAIL, REFUSED: worth asking again later). That deadline sits well
 * inside the request's ({@code mintpost.db.request-deadline}, less {@link #MARGIN} for the database work around the
 * look-ups), so a hung DNS server makes verification answer with what it knows, never a 503.
 */
@ApplicationScoped
public class DnsLookup {

    /** What one look-up found. {@code values}: TXT strings joined per record, or CNAME targets without the dot. */
    public record Answer(Kind kind, List<String> values, String error) {

        public enum Kind { FOUND, ABSENT, FAILED }

        static Answer found(List<String> values) {
            return new Answer(values.isEmpty() ? Kind.ABSENT : Kind.FOUND, List.copyOf(values), null);
        }

        static Answer failed(String error) {
            return new Answer(Kind.FAILED, List.of(), error);
        }
    }

    /** The longest look-up deadline, whatever is configured. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(3);
    /** Left of the request deadline for the reads and the write around the look-ups. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    private final Resolver resolver;
    private final Duration timeout;
    private final String servers;

    public DnsLookup(DomainsConfig config, DeadlineConfig deadlines) {
        this.timeout = timeout(config.dns().timeout(), deadlines.requestDeadline());
        List<String> given = config.dns().servers().orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.resolver = resolver(given, timeout);
        this.servers = given.isEmpty() ? "the machine's resolvers" : String.join(", ", given);
        Log.infof("DNS look-ups ask %s (deadline %d ms each)", servers, timeout.toMillis());
    }

    /** The configured deadline, at most {@link #MAX_TIMEOUT} and at most the request deadline less the margin. */
    static Duration timeout(Duration configured, Duration requestDeadline) {
        Duration bound = requestDeadline.minus(MARGIN);
        Duration timeout = configured.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : configured;
        timeout = timeout.compareTo(bound) > 0 ? bound : timeout;
        return timeout.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : timeout;
    }

    public Uni<Answer> txt(String fqdn) {
        return query(fqdn, Type.TXT);
    }

    public Uni<Answer> cname(String fqdn) {
        return query(fqdn, Type.CNAME);
    }

    private Uni<Answer> query(String fqdn, int type) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(fqdn + "."), type, DClass.IN));
        } catch (TextParseException e) {
            return Uni.createFrom().item(Answer.failed("not a DNS name: " + fqdn));
        }
        Uni<Answer> answer = Uni.createFrom().completionStage(() -> resolver.sendAsync(query))
                .map(response -> read(response, type, fqdn))
                .ifNoItem().after(timeout).recoverWithItem(() -> Answer.failed(
                        "DNS look-up of " + fqdn + " timed out after " + timeout.toMillis() + " ms (asked "
                                + servers + ")"))
                .onFailure().recoverWithItem(e -> Answer.failed("DNS look-up of " + fqdn + " failed: "
                        + e.getClass().getSimpleName() + " (asked " + servers + ")"));
        // the answer arrives on dnsjava's thread: go on where the caller was (Hibernate Reactive needs it)
        return OnContext.back(answer);
    }

    private Answer read(Message response, int type, String fqdn) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return Answer.found(List.of());
        }
        if (rcode != Rcode.NOERROR) {
            return Answer.failed("DNS server answered " + Rcode.string(rcode) + " for " + fqdn + " (asked "
                    + servers + ")");
        }
        List<String> values = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (type == Type.TXT && r instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            } else if (type == Type.CNAME && r instanceof CNAMERecord cname) {
                values.add(withoutDot(cname.getTarget().toString()));
            }
        }
        return Answer.found(values);
    }

    static String withoutDot(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static Resolver resolver(List<String> servers, Duration timeout) {
        try {
            ExtendedResolver resolver;
            if (servers.isEmpty()) {
                resolver = new ExtendedResolver();
            } else {
                List<Resolver> each = new ArrayList<>();
                for (String server : servers) {
                    each.add(simple(server));
                }
                resolver = new ExtendedResolver(each);
            }
            resolver.setTimeout(timeout);
            resolver.setRetries(1);
            return resolver;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("mintpost.dns.servers names a host that does not resolve");
        }
    }

    private static SimpleResolver simple(String server) throws UnknownHostException {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon;
        String host = hasPort ? server.substring(0, colon) : server;
        int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
        SimpleResolver simple = new SimpleResolver(new InetSocketAddress(host, port));
        simple.setTCP(false);
        return simple;
    }
}
