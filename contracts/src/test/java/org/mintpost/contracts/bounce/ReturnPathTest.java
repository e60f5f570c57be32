package org.mintpost.contracts.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ReturnPathTest {

    @Test
    void namesTheMessageAndItsProjectWithinALocalPart() {
        for (int i = 0; i < 1_000; i++) {
            String message = UUID.randomUUID().toString();
            String project = UUID.randomUUID().toString();
            String address = ReturnPath.of(message, project, "Bounces.Example").orElseThrow();
            String local = address.substring(0, address.indexOf('@'));
            assertTrue(local.length() <= 64, address);
            assertTrue(address.endsWith("@bounces.example"), address);
            ReturnPath.Parts parts = ReturnPath.parse(address.toUpperCase(Locale.ROOT), "bounces.example")
                    .orElseThrow();
            assertEquals(message, parts.messageId());
            assertEquals(project, parts.projectId());
        }
    }

    @Test
    void anythingElseIsNotOurs() {
        String ok = ReturnPath.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "b.test").orElseThrow();
        assertFalse(ReturnPath.parse(ok, "other.test").isPresent());
        assertFalse(ReturnPath.parse("postmaster@b.test", "b.test").isPresent());
        assertFalse(ReturnPath.parse(ok.replace("b-", "x-"), "b.test").isPresent());
        assertFalse(ReturnPath.of("not-a-uuid", UUID.randomUUID().toString(), "b.test").isPresent());
        assertTrue(ReturnPath.atBounceDomain("anyone@B.test", "b.test"));
        assertFalse(ReturnPath.atBounceDomain("anyone@b.test.evil", "b.test"));
    }
}
