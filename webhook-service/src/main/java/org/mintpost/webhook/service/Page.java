package org.mintpost.webhook.service;

import java.util.List;

/** One page of a list, and the cursor of the next one (null on the last page). */
public record Page<T>(List<T> items, int perPage, String nextCursor) {
}
