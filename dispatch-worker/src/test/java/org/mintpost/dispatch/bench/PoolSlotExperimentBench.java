package org.mintpost.dispatch.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.dispatch.support.ScriptedSmtpServer;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

@EnabledIfSystemProperty(named = "bench", matches = "true")
class PoolSlotExperimentBench {

    @Test
    void stalledConnectionAndThePool() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            Vertx vertx = Vertx.vertx();
            MailClient client = MailClient.create(vertx, new MailConfig().setHostname("127.0.0.1")
                    .setPort(server.port()).setStarttls(StartTLSOptions.DISABLED).setKeepAlive(true)
                    .setMaxPoolSize(1));
            long t0 = System.nanoTime();
            CompletableFuture<String> stalled = send(client, "stall1-a@x.test");
            try {
                System.out.println("[exp] stalled: " + stalled.get(3, TimeUnit.SECONDS));
            } catch (Exception e) {
                System.out.println("[exp] stalled send no answer after 3 s: " + e);
            }
            CompletableFuture<String> next = send(client, "ok@x.test");
            for (int i = 1; i <= 8; i++) {
                try {
                    System.out.println("[exp] next: " + next.get(10, TimeUnit.SECONDS) + " after "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms");
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    System.out.println("[exp] next still waiting after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                }
            }
            System.out.println("[exp] stalled finally: " + (stalled.isDone() ? stalled.handle((a, b) -> a + " / " + b).get() : "not done"));
            vertx.close();
        }
    }

    static CompletableFuture<String> send(MailClient client, String to) {
        CompletableFuture<String> f = new CompletableFuture<>();
        client.sendMail(new MailMessage().setFrom("a@example.com").setTo(to).setText("x")).onComplete(ar -> {
            if (ar.succeeded()) {
                f.complete("ok");
            } else {
                f.complete("failed: " + ar.cause());
            }
        });
        return f;
    }
}
