-- Leaked and inactive tokens (issue #25): why a token was revoked when not by hand, what came with a
-- leak report (never the secret), the projects' auto-revoke setting, and the secret-scanning requests
-- already handled (replay protection; only a digest of the signature is kept).

alter table tokens add column revoked_reason varchar(16) check (revoked_reason in ('leaked', 'inactive'));
alter table tokens add column revoked_at timestamptz;
alter table tokens add column leak_url varchar(2000);
alter table tokens add column leak_source varchar(100);

alter table projects add column auto_revoke_inactive_days integer
    check (auto_revoke_inactive_days is null or auto_revoke_inactive_days between 1 and 3650);

-- the auto-revoke job's candidates: active project tokens of projects with the setting on
create index tokens_project_activity on tokens (project_id, coalesce(last_used_at, created_at))
    where status = 'active' and kind = 'project';

create table secret_scanning_requests (
    signature_digest  varchar(64) primary key,
    received_at       timestamptz not null
);

create index secret_scanning_requests_received on secret_scanning_requests (received_at);
