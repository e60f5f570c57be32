package org.mintpost.token.domains;

import java.util.List;

import org.mintpost.token.domains.DomainDetailsRepository.ProjectRef;

/** A domain with its DNS records and the projects allowed to send from it, as the API shows it. */
public record DomainView(Domain domain, List<DomainDnsRecord> records, List<ProjectRef> projects) {

    public boolean rotationReady() {
        return DomainStatus.rotationReady(records);
    }
}
