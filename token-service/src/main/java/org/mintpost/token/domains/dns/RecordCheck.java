package org.mintpost.token.domains.dns;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.domains.DomainDnsRecord;

import io.smallrye.mutiny.Uni;

/** Looks one published record up and says whether the DNS holds what the user was asked to publish. */
@ApplicationScoped
public class RecordCheck {

    /** The verdict on one record: matched, wrong or missing ({@code failed}), or not known ({@code transient}). */
    public record Verdict(String recordId, Outcome outcome, String error) {

        public enum Outcome { MATCHED, FAILED, TRANSIENT }
    }

    private final DnsLookup lookup;

    public RecordCheck(DnsLookup lookup) {
        this.lookup = lookup;
    }

    public Uni<Verdict> check(DomainDnsRecord record) {
        String id = record.id.toString();
        boolean cname = "CNAME".equals(record.type);
        return (cname ? lookup.cname(record.fqdn) : lookup.txt(record.fqdn)).map(answer -> switch (answer.kind()) {
            case FAILED -> new Verdict(id, Verdict.Outcome.TRANSIENT, answer.error());
            case ABSENT -> new Verdict(id, Verdict.Outcome.FAILED,
                    "No " + record.type + " record found at " + record.fqdn + ".");
            case FOUND -> judge(record, answer.values());
        });
    }

    private static Verdict judge(DomainDnsRecord record, List<String> values) {
        String id = record.id.toString();
        boolean ok = switch (record.purpose) {
            case DomainDnsRecord.RETURN_PATH -> values.stream().anyMatch(v -> v.equals(withoutDot(record.content)));
            case DomainDnsRecord.DMARC -> values.stream()
                    .anyMatch(v -> v.strip().toUpperCase(Locale.ROOT).startsWith("V=DMARC1"));
            default -> values.stream().anyMatch(v -> samePublicKey(v, record.content));
        };
        if (ok) {
            return new Verdict(id, Verdict.Outcome.MATCHED, null);
        }
        String found = String.join(" | ", values);
        String shown = found.length() > 200 ? found.substring(0, 200) + "…" : found;
        return new Verdict(id, Verdict.Outcome.FAILED, record.type + " record at " + record.fqdn
                + " does not hold the expected value; found: " + shown);
    }

    /** Two DKIM TXT values carry the same key: their {@code p=} tags match, whitespace ignored. */
    static boolean samePublicKey(String published, String expected) {
        String p = tag(published, "p");
        return p != null && !p.isEmpty() && p.equals(tag(expected, "p"));
    }

    static String tag(String record, String name) {
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).replaceAll("\\s+", "");
            }
        }
        return null;
    }

    private static String withoutDot(String name) {
        return DnsLookup.withoutDot(name);
    }
}
