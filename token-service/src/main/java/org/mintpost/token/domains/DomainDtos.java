package org.mintpost.token.domains;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The domains API's JSON shapes, exactly as the official SDK's {@code index.d.ts} and Lettermint's OpenAPI. */
public final class DomainDtos {

    private DomainDtos() {
    }

    @Schema(name = "DomainData")
    public record DomainData(String id, String domain, String dkimMode, boolean rotationReady,
            Instant statusChangedAt, List<DnsRecordData> dnsRecords, List<ProjectItem> projects, Instant createdAt) {
    }

    @Schema(name = "DomainDnsRecordData")
    public record DnsRecordData(String id, String type, String hostname, String fqdn, String content, String status,
            String purpose, String verificationScope, boolean requiredForVerification, Instant verifiedAt,
            Instant lastCheckedAt) {
    }

    public record ProjectItem(String id, String name) {
    }

    @Schema(name = "DomainListData")
    public record DomainListData(String id, String domain, String status, String dkimMode, Instant statusChangedAt,
            Instant createdAt) {
    }

    @Schema(name = "DomainIndexResponse")
    public record DomainIndex(List<DomainListData> data, String path, int perPage, String nextCursor,
            String nextPageUrl, String prevCursor, String prevPageUrl) {
    }

    @Schema(name = "DomainUpdateProjectsResponse")
    public record DomainUpdated(DomainData data, String message) {
    }

    /** A record of a verification answer: {@code name} is the record's fqdn. */
    public record RecordRef(String id, String type, String name) {
    }

    @Schema(name = "DomainVerifyDnsRecordsResponse")
    public record Verified(String message, List<RecordRef> recommendedFailedRecords) {
    }

    public record RecordError(String recordId, String error) {
    }

    /** 422 of {@code dns-records/verify}: the required records that are not in the DNS as asked, and why. */
    @Schema(name = "DomainVerifyDnsRecordsFailure")
    public record VerificationFailed(String message, String error, List<RecordRef> failedRecords,
            List<RecordError> errors, int failedCount, String totalCount) {
    }

    /** 422 of {@code dns-records/{recordId}/verify}. */
    @Schema(name = "DomainVerifySpecificDnsRecordFailure")
    public record RecordNotVerified(String message, String error, RecordResult result) {
    }

    public record RecordResult(String recordId, String status, String error) {
    }

    public record Message(String message) {
    }

    @Schema(name = "StoreDomainData")
    public record StoreDomain(@Schema(required = true, maxLength = 253) String domain) {
    }

    @Schema(name = "UpdateDomainProjectsData")
    public record UpdateDomainProjects(@Schema(required = true) List<String> projectIds) {
    }

    static DomainData data(DomainView view) {
        Domain d = view.domain();
        return new DomainData(d.id.toString(), d.domain, d.dkimMode, view.rotationReady(), d.statusChangedAt,
                view.records().stream().map(DomainDtos::record).toList(),
                view.projects().stream().map(p -> new ProjectItem(p.id().toString(), p.name())).toList(),
                d.createdAt);
    }

    static DnsRecordData record(DomainDnsRecord r) {
        return new DnsRecordData(r.id.toString(), r.type, r.hostname, r.fqdn, r.content, r.status, r.purpose,
                r.verificationScope, r.required, r.verifiedAt, r.lastCheckedAt);
    }

    static DomainListData listItem(Domain d) {
        return new DomainListData(d.id.toString(), d.domain, d.status, d.dkimMode, d.statusChangedAt, d.createdAt);
    }
}
