package org.mintpost.dispatch.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded set of recently seen ids (oldest forgotten first). Thread-safe. */
public class RecentIds {

    private final Map<String, Boolean> ids;

    public RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    /** Records {@code id}; true when it was already there. */
    public synchronized boolean seenBefore(String id) {
        return ids.put(id, Boolean.TRUE) != null;
    }
}
