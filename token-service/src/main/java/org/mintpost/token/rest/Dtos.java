package org.mintpost.token.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.mintpost.token.routes.RouteDtos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Team API's JSON shapes (API.md), snake_case on the wire. Entities are never serialized: the
 * resources map them to these records explicitly ({@link Mapping}).
 */
public final class Dtos {

    private Dtos() {
    }

    @Schema(name = "ProjectData")
    public record ProjectData(String id, String name, boolean smtpEnabled, boolean redactEmailContent,
            @Schema(enumeration = {"live", "sandbox"}) String deliveryMode, String defaultRouteId,
            Instant tokenGeneratedAt, Instant tokenLastUsedAt, String tokenLastUsedIp,
            List<RouteDtos.RouteData> routes, int routesCount, int domainsCount, Instant createdAt,
            Instant updatedAt, @JsonProperty("last_28_days") MessageStats last28Days) {
    }

    @Schema(name = "MessageStatsData")
    public record MessageStats(int messagesTransactional, int messagesBroadcast, int messagesInbound,
            int deliverability) {

        static final MessageStats NONE = new MessageStats(0, 0, 0, 0);
    }

    @Schema(name = "ProjectListData")
    public record ProjectListData(String id, String name, boolean smtpEnabled, int routesCount, int domainsCount,
            @JsonProperty("last_28_days") MessageStats last28Days, Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "ProjectIndexResponse")
    public record ProjectIndex(List<ProjectListData> data, String path, int perPage, String nextCursor,
            String nextPageUrl, String prevCursor, String prevPageUrl) {
    }

    @Schema(name = "ProjectStoreResponse")
    public record ProjectCreated(ProjectData data, String message, String apiToken) {
    }

    @Schema(name = "ProjectUpdateResponse")
    public record ProjectUpdated(ProjectData data, String message) {
    }

    @Schema(name = "ProjectRotateTokenResponse")
    public record ProjectRotated(ProjectData data, String newToken, String message) {
    }

    @Schema(name = "MessageResponse")
    public record MessageOnly(String message) {
    }

    /** A project token, or a team token when {@code permissions} is set. Never carries the secret. */
    @Schema(name = "Token")
    public record TokenData(String id, String name, String display, String status, Instant createdAt,
            Instant updatedAt, Instant lastUsedAt, String lastUsedIp, Instant expiresAt, List<String> allowedIps,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> permissions, long inactiveDays,
            @JsonInclude(JsonInclude.Include.NON_NULL) String revokedReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String leakUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String leakSource,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant autoRevokeAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean autoRevokeWarning,
            @JsonInclude(JsonInclude.Include.NON_NULL) String createdVia,
            @JsonInclude(JsonInclude.Include.NON_NULL) String trustedWorkloadId) {
    }

    @Schema(name = "TokenListResponse")
    public record TokenList(List<TokenData> data) {
    }

    @Schema(name = "TokenResponse")
    public record TokenEnvelope(TokenData data) {
    }

    /** The only response that shows a token's secret. */
    @Schema(name = "TokenWithSecretResponse")
    public record TokenWithSecret(TokenData data, String token) {
    }

    /** The OpenAPI schema of contracts' {@code ErrorBody}, which the error mappers answer with. */
    @Schema(name = "Error")
    public record ErrorBody(String message, String error) {
    }

    /** The OpenAPI schema of contracts' {@code ErrorBody} with {@code errors}, as a 422 answers. */
    @Schema(name = "ValidationError")
    public record ValidationErrorBody(String message, String error, Map<String, List<String>> errors) {
    }

    // request bodies: documentation only (bodies are read field by field with strict types)

    @Schema(name = "StoreProjectData")
    public record StoreProject(@Schema(required = true, maxLength = 255) String name, Boolean smtpEnabled,
            Boolean shortToken, @Schema(enumeration = {"both", "transactional", "broadcast"}) String initialRoutes,
            @Schema(enumeration = {"live", "sandbox"}) String deliveryMode) {
    }

    @Schema(name = "UpdateProjectData")
    public record UpdateProject(String name, Boolean smtpEnabled, Boolean redactEmailContent,
            String defaultRouteId, @Schema(enumeration = {"live", "sandbox"}) String deliveryMode) {
    }

    @Schema(name = "StoreTokenData")
    public record StoreToken(@Schema(required = true, maxLength = 100) String name, Instant expiresAt,
            List<String> allowedIps) {
    }

    @Schema(name = "StoreTeamTokenData")
    public record StoreTeamToken(@Schema(required = true, maxLength = 100) String name,
            @Schema(required = true) List<String> permissions, Instant expiresAt, List<String> allowedIps) {
    }

    @Schema(name = "RegenerateTokenData")
    public record RegenerateToken(@Schema(minimum = "0", maximum = "604800") Long expirePreviousIn) {
    }

    @Schema(name = "TokenLookupRequest")
    public record LookupRequest(@Schema(required = true, pattern = "^[0-9a-f]{64}$") String tokenHash) {
    }
}
