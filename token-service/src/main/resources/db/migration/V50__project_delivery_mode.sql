-- A project's delivery_mode (issue 23, sandbox projects): live (the default) or sandbox, whose messages pass every
-- step except the SMTP transaction. Published on route-changes with the project's other message settings.
alter table projects add column delivery_mode varchar(16) not null default 'live'
    check (delivery_mode in ('live', 'sandbox'));
