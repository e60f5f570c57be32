package org.mintpost.token.team;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The Team API's shapes as the SDK 2.7.0 types them (snake_case on the wire). */
public final class TeamDtos {

    private TeamDtos() {
    }

    @Schema(name = "TeamData")
    public record TeamData(String id, String name, String type, String plan, long includedVolume, long tier,
            Instant verifiedAt, List<String> features, List<Object> addons, Instant createdAt, long domainsCount,
            long projectsCount, long membersCount) {
    }

    @Schema(name = "TeamUpdateResponse")
    public record TeamUpdated(TeamData data, String message) {
    }

    @Schema(name = "UpdateTeamData")
    public record UpdateTeam(String name) {
    }

    @Schema(name = "TeamUsagePeriodData")
    public record UsagePeriod(long usage, Instant lastIncrementedAt, Instant periodStart, Instant periodEnd) {
    }

    @Schema(name = "TeamUsageDetailData")
    public record Usage(UsagePeriod currentPeriod, List<UsagePeriod> historicalUsage) {
    }

    @Schema(name = "TeamRoleData")
    public record RoleData(String id, String name, String systemKey, List<String> permissions, boolean assignable) {
    }

    public record RoleList(List<RoleData> data) {
    }

    public record RoleRef(String id, String name) {
    }

    public record ProjectRef(String id, String name) {
    }

    @Schema(name = "TeamMemberProjectAccessData")
    public record ProjectAccess(String scope, List<ProjectRef> projects) {
    }

    @Schema(name = "TeamMemberData")
    public record MemberData(String id, String name, String email, RoleRef role, ProjectAccess projectAccess,
            Instant joinedAt) {
    }

    public record MemberPage(List<MemberData> data, String path, int perPage, String nextCursor, String nextPageUrl,
            String prevCursor, String prevPageUrl) {
    }

    public record AccessInput(String scope, List<String> projectIds) {
    }

    @Schema(name = "UpdateTeamMemberAssignmentData")
    public record Assignment(String roleId, AccessInput projectAccess) {
    }
}
