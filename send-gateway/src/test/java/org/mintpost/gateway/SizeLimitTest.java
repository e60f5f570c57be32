package org.mintpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;

/** 413 while reading: by Content-Length before any byte, or mid-stream for chunked bodies. */
@GatewayTest
class SizeLimitTest {

    private static final int MIB = 1024 * 1024;

    @TestHTTPResource("/v1/send")
    URI send;

    @ConfigProperty(name = "mintpost.limits.send-max-bytes")
    long limit;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void anAttachmentJustUnderTheLimitIsAccepted() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        byte[] body = bodyWithAttachment((int) (2 * MIB));
        HttpResponse<String> response = client.send(request(issued.token(),
                HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        byte[] body = bodyWithAttachment((int) limit);
        HttpResponse<String> response = client.send(request(issued.token(),
                HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"payload_too_large\""), response.body());
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWhileStreamingOverHttp11() throws Exception {
        streamed(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    @Test
    void streamedBodyOverTheLimitIsRefusedWhileStreamingOverHttp2() throws Exception {
        streamed(client);
    }

    private void streamed(HttpClient http) throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        byte[] body = bodyWithAttachment((int) limit);
        InputStream stream = new SequenceInputStream(new ByteArrayInputStream(body, 0, 10),
                new ByteArrayInputStream(body, 10, body.length - 10));
        HttpResponse<String> response = http.send(request(issued.token(),
                HttpRequest.BodyPublishers.ofInputStream(() -> stream)), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("payload_too_large"), response.body());
    }

    @ConfigProperty(name = "mintpost.limits.forward-max-bytes")
    long forwardLimit;

    @TestHTTPResource("/v1/projects")
    URI projects;

    /**
     * A forwarded route (Team API) counts a chunked body's bytes as it streams: past the limit, 413 and nothing
     * more reaches the upstream (only a declared Content-Length was checked). One under the limit still streams.
     */
    @Test
    void chunkedBodyToAForwardedRouteIsCountedInBytes() throws Exception {
        TestTokens.Issued team = TestTokens.team(List.of("projects:create"));
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpClient http = HttpClient.newBuilder().version(version).build();
            byte[] small = "{\"name\":\"chunked\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> under = http.send(forwarded(team.token(), chunked(small)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, under.statusCode(), under.body());
            assertTrue(under.body().contains("chunked"), "the small body reached the upstream: " + under.body());

            byte[] big = new byte[(int) forwardLimit + 64 * 1024];
            Arrays.fill(big, (byte) 'x');
            HttpResponse<String> over = http.send(forwarded(team.token(), chunked(big)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, over.statusCode(), version + ": " + over.body());
            assertTrue(over.body().contains("payload_too_large"), over.body());
        }
    }

    /** A body without Content-Length: the client streams it in chunks. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                new ByteArrayInputStream(body, 0, 10), new ByteArrayInputStream(body, 10, body.length - 10)));
    }

    private HttpRequest forwarded(String teamToken, HttpRequest.BodyPublisher publisher) {
        return HttpRequest.newBuilder(projects).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + teamToken).header("Content-Type", "application/json")
                .POST(publisher).build();
    }

    private HttpRequest request(String token, HttpRequest.BodyPublisher publisher) {
        return HttpRequest.newBuilder(send).timeout(Duration.ofSeconds(60))
                .header("x-lettermint-token", token).header("Content-Type", "application/json")
                .POST(publisher).build();
    }

    private static byte[] bodyWithAttachment(int base64Length) {
        char[] content = new char[base64Length - base64Length % 4];
        Arrays.fill(content, 'A');
        String json = "{\"from\":\"a@example.com\",\"to\":[\"b@example.org\"],\"subject\":\"big\",\"text\":\"see attached\","
                + "\"attachments\":[{\"filename\":\"big.bin\",\"content\":\"" + new String(content) + "\"}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
