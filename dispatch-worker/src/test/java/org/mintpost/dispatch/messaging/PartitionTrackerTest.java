package org.mintpost.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PartitionTrackerTest {

    @Test
    void nothingUnfinishedIsEverCommitted() {
        PartitionTracker t = new PartitionTracker();
        assertEquals(-1, t.committable());
        t.started(10);
        t.started(11);
        t.started(12);
        assertEquals(10, t.committable());
        t.finished(12);
        t.finished(11);
        assertEquals(10, t.committable(), "10 is still in flight");
        t.finished(10);
        assertEquals(13, t.committable());
        t.committed(13);
        assertEquals(-1, t.committable(), "nothing new to commit");
    }

    @Test
    void rewindKeepsTheFailedRecordUncommitted() {
        PartitionTracker t = new PartitionTracker();
        t.started(5);
        t.started(6);
        t.finished(6);
        t.finished(5);
        t.rewind(5);
        assertEquals(5, t.committable());
        t.started(5);
        t.finished(5);
        assertEquals(6, t.committable());
    }
}
