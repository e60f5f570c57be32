-- Permissions.ALL grew (messages:send for scheduling control; team:manage, members:read, members:manage for the
-- Team API). A team token made to hold every permission (the bootstrap token, tokens created with Permissions.ALL)
-- keeps holding every permission: each live team token that holds every other permission gets the new ones. A
-- token made with a chosen subset is left as it was (it never held full access). The new state is published on
-- token-changes through the outbox, so the edge enforces it like any token change.

with added(p) as (values ('messages:send'), ('team:manage'), ('members:read'), ('members:manage')),
all_before(p) as (values
    ('projects:read'), ('projects:create'), ('projects:manage'), ('projects:delete'),
    ('project_tokens:read'), ('project_tokens:manage'), ('project_tokens:rotate'), ('project_tokens:revoke'),
    ('team_tokens:read'), ('team_tokens:manage'), ('team_tokens:rotate'), ('team_tokens:revoke'),
    ('routes:read'), ('routes:manage'), ('routes:delete'), ('domains:read'), ('domains:manage'), ('domains:delete'),
    ('suppressions:read'), ('suppressions:add'), ('suppressions:remove'), ('messages:read'),
    ('messages:read_content'), ('stats:read'), ('audit:read'), ('webhooks:read'), ('webhooks:manage'),
    ('webhooks:delete'), ('webhooks:rotate_secret')),
full_access as (
    select t.id
    from tokens t
    where t.kind = 'team' and t.status = 'active'
      and not exists (select 1 from all_before b
                      where b.p <> all (string_to_array(t.permissions, ',')))
      and exists (select 1 from added a where a.p <> all (string_to_array(t.permissions, ',')))
),
upgraded as (
    update tokens t
    set permissions = t.permissions || (select string_agg(',' || a.p, '' order by a.p) from added a
                                        where a.p <> all (string_to_array(t.permissions, ','))),
        revision = t.revision + 1,
        last_change = 'updated',
        last_actor = 'system',
        updated_at = now()
    from full_access f
    where t.id = f.id
    returning t.*
)
insert into outbox (topic, entity_id, revision, change, payload, created_at)
select 'token-changes', u.id, u.revision, 'updated',
       json_build_object(
           'event_id', gen_random_uuid()::text,
           'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'schema_version', 1,
           'change', 'updated',
           'token_id', u.id::text,
           'kind', 'team',
           'team_id', u.team_id::text,
           'project_id', null,
           'name', u.name,
           'token_hash', u.token_hash,
           'previous_hash', case when u.previous_valid_until > now() then u.previous_hash end,
           'previous_valid_until', case when u.previous_valid_until > now() then
               to_char(u.previous_valid_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end,
           'status', u.status,
           'permissions', to_json(string_to_array(u.permissions, ',')),
           'expires_at', case when u.expires_at is not null then
               to_char(u.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end,
           'allowed_ips', to_json(case when u.allowed_ips = '' then array[]::text[]
                                       else string_to_array(u.allowed_ips, ',') end),
           'smtp_enabled', null,
           'revision', u.revision,
           'actor', 'system')::text,
       now()
from upgraded u;
