package org.mintpost.token.team;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A role or project-access change the rules refuse: 409 {@code {"error":{"code","message"}}} (SDK RbacConflictCode). */
public class RbacConflict extends RuntimeException {

    private final String code;

    public RbacConflict(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Lettermint's {@code RbacConflictException} body. */
    @Provider
    public static class Mapper implements ExceptionMapper<RbacConflict> {

        @Override
        public Response toResponse(RbacConflict e) {
            return Response.status(409).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", Map.of("code", e.code(), "message", e.getMessage()),
                            "message", e.getMessage()))
                    .build();
        }
    }
}
