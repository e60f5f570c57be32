package org.mintpost.token.workloads;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.CallerResolver;
import org.mintpost.token.rest.Ids;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.workloads.WorkloadDtos.WorkloadEnvelope;
import org.mintpost.token.workloads.WorkloadDtos.WorkloadList;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** A project's trust policies for keyless sending (docs/keyless.md). */
@Path("/v1/projects/{id}/trusted-workloads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Trusted workloads")
public class WorkloadResource {

    private final WorkloadService workloads;
    private final CallerResolver callers;

    public WorkloadResource(WorkloadService workloads, CallerResolver callers) {
        this.workloads = workloads;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.PROJECT_TOKENS_READ)
    @Operation(summary = "List the project's trusted workloads with when each was last used and by which subject")
    public Uni<WorkloadList> list(@PathParam("id") String projectId) {
        return workloads.list(callers.current(), Ids.parse(projectId, "Project"))
                .map(list -> new WorkloadList(list.stream().map(w -> WorkloadDtos.data(w, null)).toList()));
    }

    @POST
    @RolesAllowed(Permissions.PROJECT_TOKENS_MANAGE)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkloadEnvelope.class)))
    @Operation(summary = "Trust a workload: identity tokens of this issuer, audience and conditions may mint tokens")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WorkloadDtos.StoreWorkload.class)))
    public Uni<WorkloadEnvelope> create(@PathParam("id") String projectId, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        PolicyRules.NewPolicy input = new PolicyRules.NewPolicy(in.string("name"), in.string("issuer"),
                in.string("audience"), body != null && body.isObject() ? body.get("conditions") : null,
                in.integer("token_ttl_seconds"), in.strings("allowed_ips"));
        in.check();
        return workloads.create(callers.current(), Ids.parse(projectId, "Project"), input)
                .map(w -> new WorkloadEnvelope(WorkloadDtos.data(w, null)));
    }

    @GET
    @Path("/{workloadId}")
    @RolesAllowed(Permissions.PROJECT_TOKENS_READ)
    @Operation(summary = "One trusted workload with its latest refused exchanges")
    public Uni<WorkloadEnvelope> show(@PathParam("id") String projectId, @PathParam("workloadId") String workloadId) {
        return workloads.show(callers.current(), Ids.parse(projectId, "Project"),
                Ids.parse(workloadId, "Trusted workload"))
                .map(s -> new WorkloadEnvelope(WorkloadDtos.data(s.workload(), s.refusals())));
    }

    @DELETE
    @Path("/{workloadId}")
    @RolesAllowed(Permissions.PROJECT_TOKENS_MANAGE)
    @Operation(summary = "Stop trusting a workload; tokens it minted live until they expire or are revoked")
    public Uni<WorkloadEnvelope> delete(@PathParam("id") String projectId,
            @PathParam("workloadId") String workloadId) {
        return workloads.delete(callers.current(), Ids.parse(projectId, "Project"),
                Ids.parse(workloadId, "Trusted workload"))
                .map(w -> new WorkloadEnvelope(WorkloadDtos.data(w, null)));
    }
}
