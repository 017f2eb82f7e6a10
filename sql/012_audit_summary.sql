-- 012_audit_summary.sql: refusals are counted, not written one by one.
--
-- rapord refuses floods from memory (server/gate.c) and writes one row per
-- source (or key), action, outcome and reason per interval: `count` refusals
-- alike, the first at `first_at`, the last at `last_at`. Every other row is
-- one event: count 1, first_at and last_at empty. So the audit log grows
-- with time under a flood, not with the number of attempts.
--
-- (011 is left to a migration written in parallel.)

ALTER TABLE audit_log
    ADD COLUMN count    bigint NOT NULL DEFAULT 1 CHECK (count >= 1),
    ADD COLUMN first_at timestamptz,
    ADD COLUMN last_at  timestamptz,
    ADD CONSTRAINT audit_log_summary_times
        CHECK ((first_at IS NULL AND last_at IS NULL AND count = 1)
               OR (first_at IS NOT NULL AND last_at IS NOT NULL AND first_at <= last_at));
