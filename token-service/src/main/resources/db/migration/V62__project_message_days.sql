-- ProjectData.last_28_days (issue 23): messages per project, route and UTC day, and their outcomes, counted from
-- delivery-events. Each event is counted once: its id is kept (project_stats_events) for as long as its day can
-- still be in a 28-day window.
create table project_message_days (
    project_id  uuid        not null,
    route_id    varchar(64) not null default '',
    day         date        not null,
    messages    bigint      not null default 0,
    delivered   bigint      not null default 0,
    bounced     bigint      not null default 0,
    primary key (project_id, day, route_id)
);

create table project_stats_events (
    event_id  varchar(100) primary key,
    day       date         not null
);

create index project_stats_events_day on project_stats_events (day);
