package org.mintpost.token.suppressions;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The suppressions API's JSON shapes, exactly as the official SDK's {@code index.d.ts} and Lettermint's OpenAPI. */
public final class SuppressionDtos {

    /** Lettermint's {@code SuppressionAppliesTo}: only {@code all} here (no broadcast-only suppressions). */
    static final String APPLIES_TO_ALL = "all";

    private SuppressionDtos() {
    }

    @Schema(name = "SuppressedRecipientData")
    /** {@code applies_to} is always {@code all}: every suppression here blocks transactional and broadcast mail. */
    public record SuppressedRecipientData(String id, String type, String value, String reason, String scope,
            String appliesTo, String projectId, String routeId, SourceMessage sourceMessage, Instant createdAt,
            Instant updatedAt) {
    }

    @Schema(name = "SuppressionSourceMessageData")
    public record SourceMessage(String id, boolean available, String subject, Instant createdAt) {
    }

    @Schema(name = "SuppressionIndexResponse")
    public record SuppressionIndex(List<SuppressedRecipientData> data, String path, int perPage, String nextCursor,
            String nextPageUrl, String prevCursor, String prevPageUrl) {
    }

    @Schema(name = "StoreSuppressionData")
    public record StoreSuppression(String email, List<String> emails, String reason, String scope, String routeId,
            String projectId, @Schema(enumeration = {"all"}) String appliesTo) {
    }

    public record Outcome(List<String> created, List<String> skipped) {
    }

    @Schema(name = "SuppressionStoreResponse")
    public record Stored(String message, Outcome data) {
    }

    @Schema(name = "SuppressionDestroyResponse")
    public record Removed(boolean success, String status, String message) {
    }

    static SuppressedRecipientData data(Suppression s) {
        SourceMessage source = s.sourceMessageId == null ? null
                : new SourceMessage(s.sourceMessageId, s.sourceSubject != null, s.sourceSubject, s.sourceCreatedAt);
        return new SuppressedRecipientData(s.id.toString(), s.type, s.value, s.reason, s.scope, APPLIES_TO_ALL,
                s.projectId == null ? null : s.projectId.toString(), s.routeId, source, s.createdAt, s.updatedAt);
    }
}
