-- Team API (issue 23): the SSO users the platform has seen, with the role and project access assigned to them,
-- and the team's usage (messages accepted) per calendar month (UTC).

create table team_members (
    id             uuid primary key,
    team_id        uuid         not null references teams (id),
    subject        varchar(255) not null,
    name           varchar(255) not null,
    email          varchar(320) not null default '',
    -- null: never assigned, the SSO issuer's permissions apply; else a built-in role's key
    role           varchar(16) check (role in ('owner', 'admin', 'member')),
    project_scope  varchar(16)  not null default 'all' check (project_scope in ('all', 'selected')),
    project_ids    varchar(40000) not null default '',
    -- the permissions the SSO issuer gave on the last request (what an unassigned member holds)
    sso_permissions varchar(2000) not null default '',
    joined_at      timestamptz  not null,
    last_seen_at   timestamptz  not null,
    updated_at     timestamptz  not null,
    unique (team_id, subject)
);

create index team_members_order on team_members (team_id, joined_at, id);

create table team_usage (
    team_id              uuid    not null references teams (id),
    period_start         date    not null,
    usage                bigint  not null,
    last_incremented_at  timestamptz not null,
    primary key (team_id, period_start)
);
