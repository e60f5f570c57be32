package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An exchange refused by a policy that matched its issuer and audience but not its conditions: what the project's
 * owners see to find a misconfigured condition. Holds claims, never the identity token.
 */
@Entity
@Table(name = "workload_refusals")
public class WorkloadRefusal {

    @Id
    public UUID id;

    @Column(name = "workload_id", nullable = false)
    public UUID workloadId;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false)
    public Instant at;

    @Column(length = 500)
    public String subject;

    /** The conditions' claims as the identity token stated them (JSON object). */
    @Column(nullable = false, length = 4000)
    public String claims;

    @Column(nullable = false, length = 300)
    public String reason;
}
