package org.mintpost.token.service;

/** A new project and its first token's secret (shown once). */
public record CreatedProject(ProjectView view, IssuedToken token) {
}
