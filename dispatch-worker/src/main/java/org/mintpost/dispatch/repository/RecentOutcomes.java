package org.mintpost.dispatch.repository;

import java.util.LinkedHashMap;
import java.util.Map;

/** The messages this instance finished lately, with their outcomes (oldest forgotten first). Thread-safe. */
final class RecentOutcomes {

    private final Map<String, Finished> outcomes;

    RecentOutcomes(int capacity) {
        this.outcomes = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Finished> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Finished get(String id) {
        return outcomes.get(id);
    }

    /** Records the outcome; true when the message was finished here before. */
    synchronized boolean finishedBefore(String id, Finished outcome) {
        return outcomes.put(id, outcome) != null;
    }
}
