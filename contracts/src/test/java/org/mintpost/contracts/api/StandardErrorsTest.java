package org.mintpost.contracts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.kafka.EventJson;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** The public bytes audit-service and webhook-service answer for the errors every API has. */
class StandardErrorsTest {

    @Test
    void eachKindHasItsStatusAndBody() throws Exception {
        assertAnswer(new UnauthorizedException(), 401,
                "{\"message\":\"Unauthenticated.\",\"error\":\"unauthenticated\"}");
        assertAnswer(new AuthenticationFailedException("bad signature"), 401,
                "{\"message\":\"Unauthenticated.\",\"error\":\"unauthenticated\"}");
        assertAnswer(new ForbiddenException(), 403,
                "{\"message\":\"This token does not have the permission for this action.\",\"error\":\"forbidden\"}");
        assertAnswer(new NotFoundException(), 404, "{\"message\":\"Not found.\",\"error\":\"not_found\"}");
        assertAnswer(new NotAllowedException("GET"), 405,
                "{\"message\":\"Method Not Allowed.\",\"error\":\"method_not_allowed\"}");
        assertAnswer(new WebApplicationException(415), 415,
                "{\"message\":\"Unsupported Media Type.\",\"error\":\"unsupported_media_type\"}");
        assertAnswer(new WebApplicationException(503), 500,
                "{\"message\":\"Internal error.\",\"error\":\"internal_error\"}");
        assertAnswer(new IllegalStateException("a bug"), 500,
                "{\"message\":\"Internal error.\",\"error\":\"internal_error\"}");
    }

    @Test
    void aDatabaseThatDoesNotAnswerIs503WithRetryAfter() throws Exception {
        for (Exception e : new Exception[] {
                new RuntimeException(new SQLException("canceling statement due to statement timeout", "57014")),
                new SQLException("Acquisition timeout while waiting for new connection") }) {
            try (Response r = StandardErrors.of(e)) {
                assertEquals(503, r.getStatus(), e.toString());
                assertEquals("5", String.valueOf(r.getHeaders().getFirst("Retry-After")));
                assertEquals("{\"message\":\"" + DatabaseUnavailable.MESSAGE + "\",\"error\":\"unavailable\"}",
                        EventJson.MAPPER.writeValueAsString(r.getEntity()));
            }
        }
    }

    private static void assertAnswer(Throwable e, int status, String json) throws Exception {
        try (Response r = StandardErrors.of(e)) {
            assertEquals(status, r.getStatus(), e.toString());
            assertEquals("application/json", r.getMediaType().toString());
            assertEquals(json, EventJson.MAPPER.writeValueAsString(r.getEntity()));
        }
    }
}
