package org.mintpost.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on a free loopback port: keeps every request (headers and raw body) and answers with
 * the status it is told to (200 unless changed; a hang, a redirect and a large body on demand).
 */
public final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long hangMillis;
    private volatile int bodyBytes;

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Receiver answer(int newStatus) {
        this.status = newStatus;
        return this;
    }

    public Receiver hang(long millis) {
        this.hangMillis = millis;
        return this;
    }

    public Receiver bodyOf(int bytes) {
        this.bodyBytes = bytes;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        requests.add(new Request(headers, body));
        if (hangMillis > 0) {
            try {
                Thread.sleep(hangMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int code = status;
        if (code >= 300 && code < 400) {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
        }
        byte[] answer = bodyBytes > 0 ? new byte[bodyBytes] : ("{\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // the caller stopped reading (capped body): fine
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
