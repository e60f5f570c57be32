package org.mintpost.token.domains;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.token.domains.dkim.DkimKeyFactory;

/**
 * The DNS records a domain needs (dkim_mode {@code legacy_txt}): a TXT record per DKIM key (the active
 * key's required, the standby's recommended so the next rotation needs no wait, a retired one's deprecated),
 * the return-path CNAME to the platform's bounce domain (required) and a recommended DMARC TXT.
 */
@ApplicationScoped
public class DomainRecords {

    private final DomainsConfig config;

    public DomainRecords(DomainsConfig config) {
        this.config = config;
    }

    /** The records for {@code keys} (in that order), the return path and DMARC, each pending. */
    public List<DomainDnsRecord> forDomain(Domain domain, List<DkimKey> keys) {
        List<DomainDnsRecord> out = new ArrayList<>();
        for (DkimKey key : keys) {
            out.add(dkim(domain, key));
        }
        out.add(record(domain, "CNAME", config.domains().returnPathLabel(), config.bounces().domain(),
                DomainDnsRecord.RETURN_PATH, DomainDnsRecord.REQUIRED, null));
        out.add(record(domain, "TXT", "_dmarc", config.domains().dmarcRecord(), DomainDnsRecord.DMARC,
                DomainDnsRecord.RECOMMENDED, null));
        for (int i = 0; i < out.size(); i++) {
            out.get(i).position = i;
        }
        return out;
    }

    /** The TXT record of one DKIM key, its purpose and scope following the key's role. */
    public DomainDnsRecord dkim(Domain domain, DkimKey key) {
        DomainDnsRecord record = record(domain, "TXT", key.selector + "._domainkey",
                DkimKeyFactory.txtRecord(key.publicKey), DomainDnsRecord.DKIM_PRIMARY, DomainDnsRecord.REQUIRED,
                key.selector);
        applyRole(record, key.role);
        return record;
    }

    /** Purpose, scope and whether verification needs it, for a DKIM record whose key has {@code role}. */
    public static void applyRole(DomainDnsRecord record, String role) {
        switch (role) {
            case DomainChanged.DkimKey.ROLE_ACTIVE -> {
                record.purpose = DomainDnsRecord.DKIM_PRIMARY;
                record.verificationScope = DomainDnsRecord.REQUIRED;
            }
            case DomainChanged.DkimKey.ROLE_STANDBY -> {
                record.purpose = DomainDnsRecord.DKIM_SECONDARY;
                record.verificationScope = DomainDnsRecord.RECOMMENDED;
            }
            default -> {
                record.purpose = DomainDnsRecord.DKIM_LEGACY;
                record.verificationScope = DomainDnsRecord.DEPRECATED;
            }
        }
        record.required = DomainDnsRecord.REQUIRED.equals(record.verificationScope);
    }

    private static DomainDnsRecord record(Domain domain, String type, String hostname, String content,
            String purpose, String scope, String selector) {
        DomainDnsRecord r = new DomainDnsRecord();
        r.id = UUID.randomUUID();
        r.domainId = domain.id;
        r.type = type;
        r.hostname = hostname;
        r.fqdn = hostname + "." + domain.domain;
        r.content = content;
        r.purpose = purpose;
        r.verificationScope = scope;
        r.required = DomainDnsRecord.REQUIRED.equals(scope);
        r.selector = selector;
        r.status = DomainDnsRecord.PENDING;
        return r;
    }
}
