package org.mintpost.token.service;

import java.util.List;

import org.mintpost.token.model.Project;

/** One page of a cursor-paginated project list. */
public record ProjectPage(List<Project> items, int perPage, String nextCursor, String prevCursor) {
}
