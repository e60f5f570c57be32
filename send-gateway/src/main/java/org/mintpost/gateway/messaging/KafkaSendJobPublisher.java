package org.mintpost.gateway.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.SendJobPublisher;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@code send-jobs} producer: {@code acks=all}, idempotent, key = project id. {@code send()} runs on
 * one dedicated thread so a broker outage (metadata wait) never blocks an event loop; the broker's ack
 * is handed back to the caller's Vert.x context, so the producer's network thread only moves acks and
 * never runs the rest of a request.
 */
@ApplicationScoped
public class KafkaSendJobPublisher implements SendJobPublisher {

    private final GatewayConfig config;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "send-jobs-producer");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, SendJob> producer;

    public KafkaSendJobPublisher(GatewayConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        sender.execute(() -> {
            try {
                producer().partitionsFor(Topics.SEND_JOBS);
            } catch (RuntimeException e) {
                Log.warnf("send-jobs metadata not available yet: %s", e.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaProducer<String, SendJob> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(10));
        }
    }

    @Override
    public Uni<Void> publish(SendJob job) {
        return publishAll(List.of(job));
    }

    @Override
    public Uni<Void> publishAll(List<SendJob> jobs) {
        return Uni.createFrom().<Void>completionStage(() -> {
            CompletableFuture<Void> all = new CompletableFuture<>();
            CompletableFuture<Void> acked = new CompletableFuture<>();
            try {
                sender.execute(() -> sendAll(jobs, acked));
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
            Context caller = Vertx.currentContext();
            acked.whenComplete((ok, error) -> {
                if (caller == null) {
                    complete(all, error);
                } else {
                    caller.runOnContext(v -> complete(all, error));
                }
            });
            return all;
        })
                .ifNoItem().after(config.kafka().sendTimeout()).failWith(() ->
                        new PublishFailedException("send-jobs did not acknowledge in time", false))
                .onFailure(f -> !(f instanceof PublishFailedException)).transform(f ->
                        new PublishFailedException("send-jobs refused the job: " + f.getClass().getSimpleName(),
                                f instanceof RecordTooLargeException));
    }

    private static void complete(CompletableFuture<Void> future, Throwable error) {
        if (error == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(error);
        }
    }

    private void sendAll(List<SendJob> jobs, CompletableFuture<Void> all) {
        try {
            KafkaProducer<String, SendJob> p = producer();
            CompletableFuture<?>[] acks = new CompletableFuture<?>[jobs.size()];
            for (int i = 0; i < jobs.size(); i++) {
                SendJob job = jobs.get(i);
                CompletableFuture<Void> ack = new CompletableFuture<>();
                acks[i] = ack;
                p.send(new ProducerRecord<>(Topics.SEND_JOBS, job.projectId(), job), (metadata, error) -> {
                    if (error == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
            }
            CompletableFuture.allOf(acks).whenComplete((ok, error) -> {
                if (error == null) {
                    all.complete(null);
                } else {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    Log.warnf("send-jobs publish failed: %s", cause.toString());
                    all.completeExceptionally(cause);
                }
            });
        } catch (RuntimeException e) {
            all.completeExceptionally(e);
        }
    }

    private KafkaProducer<String, SendJob> producer() {
        KafkaProducer<String, SendJob> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    p = new KafkaProducer<>(properties(), new StringSerializer(), new JsonSerializer<>());
                    producer = p;
                }
            }
        }
        return p;
    }

    private Properties properties() {
        long timeout = config.kafka().sendTimeout().toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "send-gateway-send-jobs");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(config.kafka().maxRequestSize()));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(128L << 20,
                2L * config.kafka().maxRequestSize())));
        props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(config.kafka().lingerMs()));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(config.kafka().batchSize()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1_000, timeout - 1_000)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout + 1_000));
        return props;
    }
}
