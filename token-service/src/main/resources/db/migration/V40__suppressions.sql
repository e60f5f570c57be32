-- The suppression list (issue #20): addresses, domains and extensions a team's mail never goes to, at team,
-- project or route scope, with the reason and, for an automatic entry, the message that caused it.
create table suppressions (
    id                 uuid primary key,
    team_id            uuid         not null,
    scope              varchar(16)  not null check (scope in ('team', 'project', 'route')),
    project_id         uuid,
    route_id           varchar(64),
    type               varchar(16)  not null check (type in ('email', 'domain', 'extension')),
    value              varchar(320) not null,
    reason             varchar(32)  not null check (reason in ('hard_bounce', 'spam_complaint', 'unsubscribe', 'manual')),
    source_message_id  varchar(64),
    source_subject     varchar(998),
    source_created_at  timestamptz,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    deleted_at         timestamptz,
    revision           bigint       not null,
    last_actor         varchar(300),
    check (scope <> 'project' or project_id is not null),
    check (scope <> 'route' or route_id is not null)
);

-- one live entry per value and scope: an equal record is skipped
create unique index suppressions_unique_live on suppressions
    (team_id, scope, coalesce(project_id::text, ''), coalesce(route_id, ''), value) where deleted_at is null;
create index suppressions_team_created on suppressions (team_id, created_at, id) where deleted_at is null;
create index suppressions_team_value on suppressions (team_id, value, id) where deleted_at is null;
