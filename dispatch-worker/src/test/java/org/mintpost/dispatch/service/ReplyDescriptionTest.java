package org.mintpost.dispatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mintpost.dispatch.client.SmtpResult;

class ReplyDescriptionTest {

    @Test
    void aReplyIsOneLineWithItsCodeOnce() {
        // Angus's reply text starts with the code ("451 451 4.3.0 ..." was logged and kept as last_error)
        assertEquals("451 4.3.0 try again later",
                DispatchService.describe(SmtpResult.failure(451, "451 4.3.0 try again later")));
        assertEquals("451 try again later", DispatchService.describe(SmtpResult.failure(451, "try again later")));
        assertEquals("SocketTimeoutException: Read timed out",
                DispatchService.describe(SmtpResult.transientFailure(null, "SocketTimeoutException: Read timed out")));
    }

    @Test
    void angusMinusOneForADroppedConnectionIsNoReplyCode() {
        SmtpResult dropped = SmtpResult.failure(-1, "[EOF]");
        assertEquals(SmtpResult.Kind.TRANSIENT, dropped.kind());
        assertNull(dropped.code());
        assertEquals(SmtpResult.Kind.PERMANENT, SmtpResult.failure(550, "550 5.1.1 no such user").kind());
    }
}
