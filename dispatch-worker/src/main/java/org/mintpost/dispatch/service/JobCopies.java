package org.mintpost.dispatch.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;

/** The copies of a job the worker puts back on Kafka, each made by one constructor call. */
final class JobCopies {

    /** A reply longer than this is cut in a retry's {@code last_error}: a put-back job stays within the headroom. */
    static final int MAX_LAST_ERROR = 1000;

    private JobCopies() {
    }

    /** The job parked on a delay topic until {@code notBefore}, unchanged otherwise. */
    static SendJob parked(SendJob job, Instant now, Instant notBefore) {
        return copy(job, now, job.content(), job.rawMime(), notBefore);
    }

    /** The job without its content or raw MIME: what a dead letter carries when the whole job is too large. */
    static SendJob withoutBody(SendJob job) {
        return copy(job, job.occurredAt(), null, null, job.notBefore());
    }

    /** The job to try again no earlier than {@code notBefore}, after an attempt that ended with {@code error}. */
    static SendJob retry(SendJob job, Instant now, Instant notBefore, String error) {
        return retry(job, now, notBefore, error, job.pendingRecipients());
    }

    /** The same, to {@code pending} only: the recipients an attempt left for later (null: all the job's). */
    static SendJob retry(SendJob job, Instant now, Instant notBefore, String error, List<String> pending) {
        String cut = error != null && error.length() > MAX_LAST_ERROR ? error.substring(0, MAX_LAST_ERROR) : error;
        return job.retry(UUID.randomUUID().toString(), now, notBefore, cut, pending);
    }

    private static SendJob copy(SendJob job, Instant now, EmailContent content, String rawMime, Instant notBefore) {
        return new SendJob(UUID.randomUUID().toString(), now, job.schemaVersion(), job.messageId(), job.teamId(),
                job.projectId(), job.tokenId(), job.receivedAt(), job.channel(), job.idempotencyKey(), content,
                rawMime, job.envelopeFrom(), job.envelopeTo(), job.tag(), job.metadata(), job.route(),
                job.scheduledAt(), job.attempt(), notBefore, job.lastError(), job.routeId(), job.tracking(),
                job.deliveryMode(), job.sandboxResult(), job.redactContent(), job.tls(), job.pendingRecipients());
    }
}
