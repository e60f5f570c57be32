-- Routes (issue #19): a project's named streams of mail (transactional, broadcast, inbound), each with its slug
-- and settings; exactly one live route of a project is its default. Every project gets a default route.

-- The outbox carries more than token states: each row names its topic and the entity it is keyed by. The
-- domains migration (V20) makes the same change; whichever runs first makes it, the other finds it made.
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

create table routes (
    id                              uuid primary key,
    team_id                         uuid         not null references teams (id),
    project_id                      uuid         not null references projects (id),
    slug                            varchar(100) not null,
    name                            varchar(255) not null,
    route_type                      varchar(16)  not null check (route_type in ('transactional', 'broadcast', 'inbound')),
    is_default                      boolean      not null,
    track_opens                     boolean,
    track_clicks                    boolean,
    generate_plaintext_fallback     boolean,
    suppress_auto_responders        boolean,
    suppress_disposable_recipients  boolean,
    tls                             varchar(16) check (tls in ('opportunistic', 'enforced')),
    disable_hosted_unsubscribe      boolean,
    redact_email_content            boolean,
    created_at                      timestamptz  not null,
    updated_at                      timestamptz  not null,
    deleted_at                      timestamptz,
    revision                        bigint       not null,
    last_actor                      varchar(300)
);

create unique index routes_unique_slug on routes (project_id, slug) where deleted_at is null;
create unique index routes_one_default on routes (project_id) where deleted_at is null and is_default;
create index routes_project_created on routes (project_id, created_at, id) where deleted_at is null;

-- every live project gets its default transactional route, published like any route change
insert into routes (id, team_id, project_id, slug, name, route_type, is_default, created_at, updated_at, revision,
                    last_actor)
select gen_random_uuid(), p.team_id, p.id, 'outgoing', 'Transactional', 'transactional', true, now(), now(), 1,
       'system'
from projects p
where p.deleted_at is null;

insert into outbox (topic, entity_id, revision, change, payload, created_at)
select 'route-changes', r.id, r.revision, 'created',
       json_build_object(
           'event_id', gen_random_uuid()::text,
           'occurred_at', to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'schema_version', 1,
           'change', 'created',
           'route_id', r.id::text,
           'team_id', r.team_id::text,
           'project_id', r.project_id::text,
           'slug', r.slug,
           'name', r.name,
           'route_type', r.route_type,
           'is_default', r.is_default,
           'settings', json_build_object(),
           'status', 'active',
           'revision', r.revision,
           'actor', r.last_actor)::text,
       now()
from routes r;
