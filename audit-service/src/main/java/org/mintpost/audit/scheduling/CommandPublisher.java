package org.mintpost.audit.scheduling;

import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.MessageCommand;
import org.mintpost.contracts.kafka.JsonSerializer;

import io.smallrye.mutiny.Uni;

/**
 * Puts accepted cancel and reschedule commands on {@code message-commands} ({@code acks=all}, idempotent); the Uni
 * completes once the broker has the command, so a request is answered only after its command is durable.
 */
@ApplicationScoped
public class CommandPublisher {

    private final KafkaProducer<String, MessageCommand> producer;

    public CommandPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-service-commands");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new JsonSerializer<>());
    }

    public Uni<Void> publish(MessageCommand command) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                producer.send(new ProducerRecord<>(Topics.MESSAGE_COMMANDS, command.messageId(), command),
                        (metadata, error) -> {
                            if (error != null) {
                                emitter.fail(error);
                            } else {
                                emitter.complete(null);
                            }
                        });
            } catch (RuntimeException e) {
                emitter.fail(e);
            }
        });
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
