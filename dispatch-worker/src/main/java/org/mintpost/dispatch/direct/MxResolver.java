package org.mintpost.dispatch.direct;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
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

/**
 * Finds where a recipient domain's mail goes (RFC 5321 §5.1): its MX hosts by preference (equal preferences in
 * random order), each host's A and AAAA addresses; no MX at all: the domain's own addresses (the implicit MX); a
 * null MX ({@code MX 0 .}, RFC 7505), no address, or only refused addresses: no route. Asks {@code mintpost.dns.servers}
 * (else the machine's resolvers) with dnsjava and keeps answers for at most their TTL or {@code dns-cache}.
 */
public class MxResolver {

    private record Cached(Resolution resolution, long expiresAtNanos) {
    }

    /** One DNS answer: the records of the type asked, the smallest TTL, or why there is none. */
    record Answer(int rcode, List<Record> records, long ttlSeconds, String error) {
    }

    private final Resolver resolver;
    private final AddressPolicy policy;
    private final Duration cacheMax;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MxResolver(List<String> servers, Duration timeout, AddressPolicy policy, Duration cacheMax) {
        this.resolver = resolver(servers, timeout);
        this.policy = policy;
        this.cacheMax = cacheMax;
    }

    public Resolution resolve(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Cached hit = cache.get(d);
        if (hit != null && hit.expiresAtNanos() > System.nanoTime()) {
            return hit.resolution();
        }
        long[] ttl = {cacheMax.toSeconds()};
        Resolution r = lookUp(d, ttl);
        if (r.kind() != Resolution.Kind.DNS_FAILED) {
            long seconds = Math.max(1, Math.min(ttl[0], cacheMax.toSeconds()));
            cache.put(d, new Cached(r, System.nanoTime() + Duration.ofSeconds(seconds).toNanos()));
        }
        return r;
    }

    /** The TXT strings of {@code name} (each record's strings joined); null when the look-up failed. */
    public List<String> txt(String name) {
        Answer a = ask(name, Type.TXT);
        if (a.error() != null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Record r : a.records()) {
            out.add(String.join("", ((TXTRecord) r).getStrings()));
        }
        return out;
    }

    private Resolution lookUp(String domain, long[] ttl) {
        Answer mx = ask(domain, Type.MX);
        if (mx.error() != null) {
            return Resolution.failed(mx.error());
        }
        if (mx.rcode() == Rcode.NXDOMAIN) {
            return Resolution.noRoute("no route to host: " + domain + " does not exist (NXDOMAIN)");
        }
        ttl[0] = Math.min(ttl[0], mx.ttlSeconds());
        List<MXRecord> records = new ArrayList<>();
        mx.records().forEach(r -> records.add((MXRecord) r));
        if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
            return Resolution.noRoute("no route to host: " + domain + " accepts no mail (null MX)");
        }
        List<Destination.Host> hosts = new ArrayList<>();
        if (records.isEmpty()) {
            // RFC 5321 §5.1: no MX, the domain itself is the one host, preference 0
            records.add(new MXRecord(name(domain), DClass.IN, mx.ttlSeconds(), 0, name(domain)));
        }
        Collections.shuffle(records);
        records.sort(Comparator.comparingInt(MXRecord::getPriority));
        boolean refused = false;
        String failure = null;
        for (MXRecord r : records) {
            String host = withoutDot(r.getTarget().toString());
            List<InetAddress> addresses = new ArrayList<>();
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Answer a = ask(host, type);
                if (a.error() != null) {
                    failure = a.error();
                    continue;
                }
                ttl[0] = Math.min(ttl[0], a.ttlSeconds());
                for (Record rec : a.records()) {
                    InetAddress address = rec instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) rec).getAddress();
                    if (policy.permits(address)) {
                        addresses.add(address);
                    } else {
                        refused = true;
                    }
                }
            }
            if (!addresses.isEmpty()) {
                hosts.add(new Destination.Host(host, r.getPriority(), List.copyOf(addresses)));
            }
        }
        if (!hosts.isEmpty()) {
            return Resolution.found(new Destination(domain, List.copyOf(hosts)));
        }
        if (failure != null) {
            return Resolution.failed(failure);
        }
        if (refused) {
            return Resolution.noRoute("no route to host: the mail servers of " + domain
                    + " are at loopback or private addresses (refused)");
        }
        return Resolution.noRoute("no route to host: " + domain + " has no MX, A or AAAA record");
    }

    Answer ask(String fqdn, int type) {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(name(fqdn), type, DClass.IN)));
        } catch (IllegalArgumentException e) {
            return new Answer(Rcode.FORMERR, List.of(), 0, null);
        } catch (IOException e) {
            return new Answer(-1, List.of(), 0, "DNS look-up of " + fqdn + " failed: " + e.getClass().getSimpleName());
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new Answer(rcode, List.of(), 0, "DNS server answered " + Rcode.string(rcode) + " for " + fqdn);
        }
        List<Record> out = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                out.add(r);
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        return new Answer(rcode, out, ttl == Long.MAX_VALUE ? 60 : ttl, null);
    }

    private static Name name(String fqdn) {
        try {
            return Name.fromString(fqdn.endsWith(".") ? fqdn : fqdn + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + fqdn, e);
        }
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
                    int colon = server.lastIndexOf(':');
                    boolean hasPort = colon > 0 && server.indexOf(':') == colon;
                    String host = hasPort ? server.substring(0, colon) : server;
                    int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
                    each.add(new SimpleResolver(new InetSocketAddress(host, port)));
                }
                resolver = new ExtendedResolver(each);
            }
            resolver.setTimeout(timeout);
            resolver.setRetries(1);
            return resolver;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("mintpost.dns.servers is not a list of host:port", e);
        }
    }
}
