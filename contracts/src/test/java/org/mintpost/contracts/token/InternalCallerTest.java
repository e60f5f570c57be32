package org.mintpost.contracts.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InternalCallerTest {

    @Test
    void readsTheTeamAndTheProjectScopeFromTheClaims() {
        InternalCaller team = InternalCaller.of(Map.<String, Object>of(InternalClaims.TEAM_ID, "t1")::get);
        assertEquals(new InternalCaller("t1", null), team);
        InternalCaller project = InternalCaller.of(
                Map.<String, Object>of(InternalClaims.TEAM_ID, "t1", InternalClaims.PROJECT_ID, " ")::get);
        assertNull(project.projectScope(), "a blank claim is no claim");
    }

    @Test
    void seesItsTeamAndOnlyItsProjectWhenScoped() {
        InternalCaller team = new InternalCaller("t1", null);
        assertTrue(team.sees("t1", "p1"));
        assertFalse(team.sees("t2", "p1"));
        InternalCaller project = new InternalCaller("t1", "p1");
        assertTrue(project.sees("t1", "p1"));
        assertFalse(project.sees("t1", "p2"));
        assertFalse(new InternalCaller(null, null).sees(null, null));
    }
}
