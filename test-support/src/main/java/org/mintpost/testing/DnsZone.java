package org.mintpost.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What a {@link DnsServer} answers: records the test sets and removes while the server runs, and two
 * failure modes per name ({@link #servfail}, {@link #silent}). Names are absolute; a trailing dot is optional.
 */
public final class DnsZone {

    private static final long TTL = 1;
    private static final int UDP_LIMIT = 512;

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<Name, String> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();

    /** Adds a TXT record; a value longer than 255 characters is split into strings as DNS requires. */
    public DnsZone txt(String name, String value) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            strings.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return add(new TXTRecord(name(name), DClass.IN, TTL, strings.isEmpty() ? List.of("") : strings));
    }

    public DnsZone cname(String name, String target) {
        return add(new CNAMERecord(name(name), DClass.IN, TTL, name(target)));
    }

    public DnsZone mx(String name, int priority, String host) {
        return add(new MXRecord(name(name), DClass.IN, TTL, priority, name(host)));
    }

    public DnsZone a(String name, String ipv4) {
        try {
            return add(new ARecord(name(name), DClass.IN, TTL, InetAddress.getByName(ipv4)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ipv4, e);
        }
    }

    public DnsZone aaaa(String name, String ipv6) {
        try {
            return add(new AAAARecord(name(name), DClass.IN, TTL, InetAddress.getByName(ipv6)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + ipv6, e);
        }
    }

    /** Removes every record of {@code name} and its failure mode. */
    public DnsZone remove(String name) {
        records.remove(name(name));
        failures.remove(name(name));
        return this;
    }

    /** Answers SERVFAIL for {@code name}. */
    public DnsZone servfail(String name) {
        failures.put(name(name), "servfail");
        return this;
    }

    /** Never answers a query for {@code name}: the client times out. */
    public DnsZone silent(String name) {
        failures.put(name(name), "silent");
        return this;
    }

    /** How many queries for {@code name} arrived (any type, UDP or TCP). */
    public int queries(String name) {
        AtomicInteger n = queries.get(name(name).toString().toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    private DnsZone add(Record record) {
        records.computeIfAbsent(record.getName(), k -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }

    /** The answer to one query, or null to stay silent. */
    byte[] answer(byte[] query, boolean overUdp) {
        Message request;
        try {
            request = new Message(query);
        } catch (IOException e) {
            return null;
        }
        Record question = request.getQuestion();
        Message response = new Message(request.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (request.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response.toWire();
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        queries.computeIfAbsent(name.toString().toLowerCase(Locale.ROOT), k -> new AtomicInteger()).incrementAndGet();
        String failure = failures.get(name);
        if ("silent".equals(failure)) {
            return null;
        }
        if ("servfail".equals(failure)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response.toWire();
        }
        List<Record> held = records.get(name);
        if (held == null || held.isEmpty()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response.toWire();
        }
        for (Record r : held) {
            if (r.getType() == question.getType() || r.getType() == Type.CNAME || question.getType() == Type.ANY) {
                response.addRecord(r, Section.ANSWER);
            }
        }
        byte[] wire = response.toWire();
        if (overUdp && wire.length > UDP_LIMIT && request.getOPT() == null) {
            Message truncated = new Message(request.getHeader().getID());
            truncated.getHeader().setFlag(Flags.QR);
            truncated.getHeader().setFlag(Flags.AA);
            truncated.getHeader().setFlag(Flags.TC);
            truncated.addRecord(question, Section.QUESTION);
            return truncated.toWire();
        }
        return wire;
    }

}
