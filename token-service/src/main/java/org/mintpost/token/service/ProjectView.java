package org.mintpost.token.service;

import java.time.Instant;

import org.mintpost.token.model.Project;

/** A project with what its tokens say about it (ProjectData's token fields). */
public record ProjectView(Project project, Instant tokenGeneratedAt, Instant tokenLastUsedAt, String tokenLastUsedIp) {
}
