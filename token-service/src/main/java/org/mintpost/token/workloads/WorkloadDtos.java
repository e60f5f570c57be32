package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** API records of trusted workloads (snake_case by the global naming strategy). */
public final class WorkloadDtos {

    private WorkloadDtos() {
    }

    @Schema(name = "TrustedWorkload")
    public record WorkloadData(String id, String projectId, String name, String issuer, String audience,
            Map<String, String> conditions, int tokenTtlSeconds, List<String> allowedIps, Instant createdAt,
            Instant updatedAt, Instant lastUsedAt, String lastSubject,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<RefusalData> recentRefusals) {
    }

    /** An exchange this policy refused because a condition did not match. */
    @Schema(name = "TrustedWorkloadRefusal")
    public record RefusalData(Instant at, String subject, String claims, String reason) {
    }

    @Schema(name = "TrustedWorkloadResponse")
    public record WorkloadEnvelope(WorkloadData data) {
    }

    @Schema(name = "TrustedWorkloadListResponse")
    public record WorkloadList(List<WorkloadData> data) {
    }

    @Schema(name = "StoreTrustedWorkload")
    public record StoreWorkload(@Schema(required = true, maxLength = 100) String name,
            @Schema(required = true) String issuer, @Schema(required = true) String audience,
            @Schema(required = true) Map<String, String> conditions,
            @Schema(minimum = "60", maximum = "3600", defaultValue = "900") Integer tokenTtlSeconds,
            List<String> allowedIps) {
    }

    @Schema(name = "OidcTokenExchange")
    public record Exchange(@Schema(required = true, description = "the workload's OIDC identity token") String token) {
    }

    static WorkloadData data(TrustedWorkload w, List<WorkloadRefusal> refusals) {
        return new WorkloadData(w.id.toString(), w.projectId.toString(), w.name, w.issuer, w.audience,
                w.conditions, w.tokenTtlSeconds, List.copyOf(w.allowedIps), w.createdAt, w.updatedAt, w.lastUsedAt,
                w.lastSubject, refusals == null ? null : refusals.stream()
                        .map(r -> new RefusalData(r.at, r.subject, r.claims, r.reason)).toList());
    }
}
