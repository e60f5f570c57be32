package org.mintpost.dispatch.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.MessageCommand;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.MessageCommandDeserializer;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.service.Republisher;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Applies cancel and reschedule commands ({@code message-commands}, group {@code dispatch-schedule-commands}, one
 * worker per command): keeps the decision in {@link ScheduleMarkers}, where every worker's {@link ScheduleGate}
 * reads it before sending, then publishes the command's events ({@code canceled}; {@code rescheduled}) and only
 * then commits. A message the ledger says was finished before is too late: nothing is published for it. A command
 * that cannot be kept (Redis or the broker down) is read again after a pause.
 */
@ApplicationScoped
public class ScheduleCommands {

    private static final Duration PAUSE = Duration.ofSeconds(2);

    private final ScheduleMarkers markers;
    private final Republisher republisher;
    private final DispatchConfig config;
    private final String bootstrapServers;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, MessageCommand> consumer;
    private Thread thread;

    public ScheduleCommands(ScheduleMarkers markers, Republisher republisher, DispatchConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.markers = markers;
        this.republisher = republisher;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        thread = new Thread(this::run, "dispatch-schedule-commands");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        KafkaConsumer<String, MessageCommand> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.SCHEDULE_COMMANDS_GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        try (KafkaConsumer<String, MessageCommand> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new MessageCommandDeserializer())) {
            consumer = c;
            c.subscribe(List.of(Topics.MESSAGE_COMMANDS));
            while (!stopping) {
                ConsumerRecords<String, MessageCommand> records = c.poll(Duration.ofMillis(200));
                boolean failed = false;
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, MessageCommand> r : records.records(tp)) {
                        if (!apply(r.value(), r.offset())) {
                            // this partition is read again from here; the others go on
                            c.seek(tp, r.offset());
                            failed = true;
                            break;
                        }
                        c.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
                    }
                }
                if (failed) {
                    sleep();
                }
            }
        } catch (WakeupException e) {
            Log.debug("schedule commands consumer woken up to stop");
        } catch (RuntimeException e) {
            Log.errorf(e, "schedule commands consumer stopped on an error");
        }
    }

    /** True when the command is done with (applied, too late, or unreadable); false to read it again. */
    boolean apply(MessageCommand command, long offset) {
        if (command == null || command.messageId() == null || command.command() == null) {
            Log.warnf("passing over an unreadable message command at offset %d", offset);
            return true;
        }
        boolean cancel = MessageCommand.CANCEL.equals(command.command());
        if (!cancel && (!MessageCommand.RESCHEDULE.equals(command.command()) || command.scheduledAt() == null)) {
            Log.warnf("passing over message command %s of %s: unknown", command.command(), command.messageId());
            return true;
        }
        try {
            Instant now = Instant.now();
            boolean inTime = markers.write(command.messageId(), cancel ? null : command.scheduledAt(),
                    command.scheduledAt(), now);
            if (!inTime) {
                Log.warnf("message %s was processed before its %s arrived", command.messageId(), command.command());
                return true;
            }
            if (!cancel) {
                wake(command.messageId(), command.scheduledAt(), now);
            }
            if (command.events() != null && !command.events().isEmpty()) {
                republisher.events(command.events()).await().atMost(Duration.ofSeconds(60));
            }
            Log.infof("message %s: %s applied", command.messageId(), command.command());
            return true;
        } catch (RuntimeException e) {
            Log.warnf("message command %s of %s not applied yet: %s", command.command(), command.messageId(),
                    e.toString());
            return false;
        }
    }

    /**
     * A message moved earlier than the time its parked copy waits for is put back at once (on the shortest delay
     * topic, due now), from the copy kept when it was first parked: the worker that reads it parks it again until
     * its new time. The old copy, when it comes off its delay topic, follows the marker too; the delivered ledger
     * sends the message once.
     */
    private void wake(String messageId, Instant at, Instant now) {
        String kept = markers.kept(messageId);
        if (kept == null) {
            return;
        }
        SendJob job = new SendJobDeserializer().deserialize(Topics.SEND_JOBS, kept.getBytes(StandardCharsets.UTF_8));
        if (job == null || job.scheduledAt() == null || !job.scheduledAt().isAfter(at.plus(ScheduleGate.MARGIN))) {
            return;
        }
        SendJob moved = job.dueAt(UUID.randomUUID().toString(), now, at);
        republisher.putBack(job, Topics.SEND_JOBS_RETRY.get(0).topic(), moved, List.of())
                .await().atMost(Duration.ofSeconds(60));
        Log.infof("message %s moved earlier: put back to be parked until %s", messageId, at);
    }

    private void sleep() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
