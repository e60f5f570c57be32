package org.mintpost.token.leaks;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mintpost.token.service.ValidationFailed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * GitHub's secret-scanning partner endpoint: a signed JSON array of {@code {token, type, url, source}};
 * the answer labels each entry {@code true_positive} (a live token, now revoked) or {@code false_positive}.
 * Open at the edge: the signature is the credential.
 */
@Path("/v1/secret-scanning/github")
@Tag(name = "Leak reports")
public class SecretScanningResource {

    static final String ACTOR = "github_secret_scanning";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GithubKeys keys;
    private final LeakService leaks;
    private final LeaksConfig config;

    public SecretScanningResource(GithubKeys keys, LeakService leaks, LeaksConfig config) {
        this.keys = keys;
        this.leaks = leaks;
        this.config = config;
    }

    /** One answer entry of GitHub's partner format. */
    public record Label(String tokenRaw, String tokenType, String label) {
    }

    @POST
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GitHub secret-scanning partner alerts: revoke live reported tokens (reason leaked)")
    public Uni<List<Label>> report(@HeaderParam("Github-Public-Key-Identifier") String keyId,
            @HeaderParam("Github-Public-Key-Signature") String signature, byte[] body) {
        if (body != null && body.length > config.maxBodyBytes()) {
            throw new WebApplicationException(413);
        }
        if (keyId == null || keyId.isBlank() || signature == null || signature.isBlank() || body == null) {
            throw new SignatureRejected("unsigned");
        }
        return keys.find(keyId.trim()).chain(key -> {
            if (!SignatureCheck.verifies(key, body, signature)) {
                throw new SignatureRejected(key == null ? "unknown key" : "bad signature");
            }
            List<LeakReport> reports = parse(body);
            return leaks.revokeLeaked(reports, ACTOR, digest(body))
                    .map(live -> labels(reports, live));
        });
    }

    private List<LeakReport> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw ValidationFailed.of("body", "The body must be a JSON array of {token, type, url, source}.");
        }
        if (root == null || !root.isArray()) {
            throw ValidationFailed.of("body", "The body must be a JSON array of {token, type, url, source}.");
        }
        if (root.size() > config.maxEntries()) {
            throw ValidationFailed.of("body", "A request holds at most " + config.maxEntries() + " entries.");
        }
        List<LeakReport> reports = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            JsonNode token = entry == null ? null : entry.get("token");
            if (token == null || !token.isTextual() || !optionalText(entry, "type") || !optionalText(entry, "url")
                    || !optionalText(entry, "source")) {
                throw ValidationFailed.of(String.valueOf(i),
                        "Each entry is an object with a string token and optional string type, url and source.");
            }
            reports.add(new LeakReport(token.asText(), text(entry, "type"), text(entry, "url"), text(entry, "source")));
        }
        return reports;
    }

    /** Replay protection keys on the signed body (a signature can be re-encoded, the body cannot). */
    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean optionalText(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() || value.isTextual();
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<Label> labels(List<LeakReport> reports, List<Boolean> live) {
        List<Label> labels = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            LeakReport r = reports.get(i);
            labels.add(new Label(r.token(), r.type(), live.get(i) ? "true_positive" : "false_positive"));
        }
        return labels;
    }
}
