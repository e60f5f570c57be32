-- Sending domains (issue #19): a team's domains, the projects allowed to send from them, their DKIM keys
-- (private keys sealed under the key-encryption key, never in plaintext) and the DNS records a user publishes.

-- The outbox carries more than token states: each row names its topic and the entity it is keyed by. The
-- routes migration (V10) makes the same change; whichever runs first makes it, the other finds it made.
do $$
begin
    if exists (select 1 from information_schema.columns
               where table_schema = 'tokens' and table_name = 'outbox' and column_name = 'token_id') then
        alter table outbox rename column token_id to entity_id;
    end if;
    if not exists (select 1 from information_schema.columns
                   where table_schema = 'tokens' and table_name = 'outbox' and column_name = 'topic') then
        alter table outbox add column topic varchar(100) not null default 'token-changes';
        alter table outbox alter column topic drop default;
    end if;
    if exists (select 1 from pg_constraint where conname = 'outbox_token_id_revision_key') then
        alter table outbox drop constraint outbox_token_id_revision_key;
    end if;
    if not exists (select 1 from pg_constraint where conname = 'outbox_entity_revision') then
        alter table outbox add constraint outbox_entity_revision unique (topic, entity_id, revision);
    end if;
end
$$;

create table domains (
    id                 uuid primary key,
    team_id            uuid         not null references teams (id),
    domain             varchar(253) not null,
    status             varchar(32)  not null check (status in
                           ('pending_verification', 'partially_verified', 'verified', 'failed_verification')),
    status_changed_at  timestamptz  not null,
    status_reason      varchar(500),
    dkim_mode          varchar(16)  not null default 'legacy_txt',
    next_selector      integer      not null,
    last_checked_at    timestamptz,
    next_check_at      timestamptz,
    check_failures     integer      not null default 0,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    deleted_at         timestamptz,
    revision           bigint       not null,
    last_actor         varchar(300)
);

-- one owner per name across all teams (a deleted domain frees its name)
create unique index domains_unique_domain on domains (domain) where deleted_at is null;
create index domains_team_created on domains (team_id, created_at, id) where deleted_at is null;
create index domains_team_domain on domains (team_id, domain, id) where deleted_at is null;
create index domains_team_status_changed on domains (team_id, status_changed_at, id) where deleted_at is null;
create index domains_due on domains (next_check_at) where deleted_at is null;

create table domain_projects (
    domain_id   uuid not null references domains (id) on delete cascade,
    project_id  uuid not null references projects (id),
    primary key (domain_id, project_id)
);

create index domain_projects_project on domain_projects (project_id);

-- role: active (signs), standby (published, signs after the next rotation), retired (kept published a while)
create table dkim_keys (
    id                  uuid primary key,
    domain_id           uuid         not null references domains (id) on delete cascade,
    selector            varchar(63)  not null,
    role                varchar(16)  not null check (role in ('active', 'standby', 'retired')),
    public_key          text         not null,
    sealed_private_key  text         not null,
    kek_id              varchar(16)  not null,
    created_at          timestamptz  not null,
    unique (domain_id, selector)
);

create table domain_dns_records (
    id                  uuid primary key,
    domain_id           uuid         not null references domains (id) on delete cascade,
    position            integer      not null,
    type                varchar(8)   not null check (type in ('TXT', 'CNAME', 'MX')),
    hostname            varchar(253) not null,
    fqdn                varchar(253) not null,
    content             text         not null,
    purpose             varchar(32)  not null,
    verification_scope  varchar(16)  not null,
    required            boolean      not null,
    selector            varchar(63),
    status              varchar(16)  not null check (status in ('active', 'failed', 'pending')),
    verified_at         timestamptz,
    last_checked_at     timestamptz,
    last_error          varchar(500)
);

create index domain_dns_records_domain on domain_dns_records (domain_id, position);
