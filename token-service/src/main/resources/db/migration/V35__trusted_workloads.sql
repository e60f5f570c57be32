-- Trusted workloads (issue #28): per-project policies that let a CI job or a pod trade its platform's OIDC
-- identity token for a short-lived project token; the identity tokens already used (replay protection across
-- instances, kept until they expire); exchanges refused by a policy's conditions; where a token came from.

create table trusted_workloads (
    id                 uuid primary key,
    team_id            uuid not null,
    project_id         uuid not null,
    name               varchar(100) not null,
    issuer             varchar(500) not null,
    audience           varchar(500) not null,
    conditions         varchar(8000) not null,
    token_ttl_seconds  integer not null check (token_ttl_seconds between 60 and 3600),
    allowed_ips        varchar(8000) not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    last_used_at       timestamptz,
    last_subject       varchar(500)
);

create index trusted_workloads_project on trusted_workloads (project_id, created_at, id);
create index trusted_workloads_issuer on trusted_workloads (issuer, audience);

create table workload_identity_uses (
    issuer      varchar(500) not null,
    jti         varchar(500) not null,
    expires_at  timestamptz not null,
    primary key (issuer, jti)
);

create index workload_identity_uses_expiry on workload_identity_uses (expires_at);

create table workload_refusals (
    id           uuid primary key,
    workload_id  uuid not null references trusted_workloads (id) on delete cascade,
    project_id   uuid not null,
    at           timestamptz not null,
    subject      varchar(500),
    claims       varchar(4000) not null,
    reason       varchar(300) not null
);

create index workload_refusals_workload on workload_refusals (workload_id, at desc);

alter table tokens add column created_via varchar(32);
alter table tokens add column trusted_workload_id uuid;
