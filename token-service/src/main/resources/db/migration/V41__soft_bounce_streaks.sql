-- The soft-bounce rule (issue #20): per project and address, the distinct messages that soft-bounced in a row since
-- first_at; a delivery (or a hard bounce) ends the streak, N messages within the window make a hard_bounce entry.
create table soft_bounce_streaks (
    project_id   uuid          not null,
    address      varchar(320)  not null,
    team_id      uuid          not null,
    message_ids  varchar(64)[] not null,
    first_at     timestamptz   not null,
    updated_at   timestamptz   not null,
    primary key (project_id, address)
);
