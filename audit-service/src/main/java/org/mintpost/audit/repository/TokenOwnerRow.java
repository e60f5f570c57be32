package org.mintpost.audit.repository;

import java.time.Instant;

/** The token -> project -> team mapping at one revision. */
public record TokenOwnerRow(String tokenId, String kind, String teamId, String projectId, long revision,
        Instant changedAt) {
}
