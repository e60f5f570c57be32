-- token-service: teams, projects, project and team tokens, and the transactional outbox.
-- Only sha256 hashes of token secrets are kept.

create table teams (
    id          uuid primary key,
    name        varchar(255) not null,
    created_at  timestamptz  not null
);

create table projects (
    id                    uuid primary key,
    team_id               uuid         not null references teams (id),
    name                  varchar(255) not null,
    smtp_enabled          boolean      not null default false,
    redact_email_content  boolean      not null default false,
    short_tokens          boolean      not null default false,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    deleted_at            timestamptz
);

-- cursor pagination: stable order (created_at, id) within a team
create index projects_team_order on projects (team_id, created_at, id) where deleted_at is null;

create table tokens (
    id                    uuid primary key,
    kind                  varchar(16)  not null check (kind in ('project', 'team')),
    team_id               uuid         not null references teams (id),
    project_id            uuid references projects (id),
    name                  varchar(100) not null,
    display               varchar(40)  not null,
    token_hash            varchar(64)  not null,
    previous_hash         varchar(64),
    previous_valid_until  timestamptz,
    status                varchar(16)  not null check (status in ('active', 'revoked', 'expired')),
    permissions           varchar(2000) not null default '',
    allowed_ips           varchar(8000) not null default '',
    expires_at            timestamptz,
    short_body            boolean      not null default false,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    generated_at          timestamptz  not null,
    last_used_at          timestamptz,
    last_used_ip          varchar(64),
    revision              bigint       not null,
    last_change           varchar(16)  not null,
    last_actor            varchar(300),
    check ((kind = 'project') = (project_id is not null))
);

create unique index tokens_hash on tokens (token_hash);
create index tokens_previous_hash on tokens (previous_hash) where previous_hash is not null;
-- names are unique per project (project tokens) or per team (team tokens) among tokens not revoked
create unique index tokens_project_name on tokens (project_id, lower(name)) where kind = 'project' and status <> 'revoked';
create unique index tokens_team_name on tokens (team_id, lower(name)) where kind = 'team' and status <> 'revoked';
create index tokens_project_order on tokens (project_id, created_at, id);
create index tokens_team_order on tokens (team_id, kind, created_at, id);
create index tokens_expiry on tokens (expires_at) where status = 'active' and expires_at is not null;

-- transactional outbox: the new state of a token, written in the transaction that changed it,
-- published to token-changes by the relay (in id order, so in revision order per token).
create table outbox (
    id          bigserial primary key,
    token_id    uuid        not null,
    revision    bigint      not null,
    change      varchar(16) not null,
    payload     text        not null,
    created_at  timestamptz not null,
    sent_at     timestamptz,
    unique (token_id, revision)
);

create index outbox_unsent on outbox (id) where sent_at is null;
create index outbox_sent_at on outbox (sent_at) where sent_at is not null;
