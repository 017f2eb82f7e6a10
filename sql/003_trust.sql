-- 003_trust.sql: client keys, the audit log, and rapord's least-privilege role.
--
-- Identity comes from CURVE keys: every client key is registered here,
-- mapped to one OPD and one role. rapord's ZAP handler asks this table on
-- every new connection, and rapord asks again on every request, so a
-- revocation takes effect at once.

CREATE TABLE client_keys (
    id          serial PRIMARY KEY,
    -- Z85 text of the 32-byte CURVE public key: 40 characters.
    public_key  text NOT NULL UNIQUE
                CHECK (public_key ~ '^[0-9a-zA-Z.:+=^!/*?&<>()\[\]{}@%$#-]{40}$'),
    opd_id      integer NOT NULL REFERENCES opds (id),
    role        text NOT NULL CHECK (role IN ('opd', 'assessor', 'inspectorate', 'dashboard')),
    label       text CHECK (label IS NULL OR length(label) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- A revoked key stays revoked, and a key never changes owner or role.
CREATE FUNCTION rapor_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.public_key <> OLD.public_key OR NEW.opd_id <> OLD.opd_id
       OR NEW.role <> OLD.role OR (OLD.revoked_at IS NOT NULL
                                   AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) THEN
        RAISE EXCEPTION 'a key can only be revoked, once' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER client_keys_revoke_only BEFORE UPDATE OR DELETE ON client_keys
    FOR EACH ROW EXECUTE FUNCTION rapor_key_change();

-- Every accepted and refused submission, every admin action, every refused
-- connection: who (key, OPD, role), what, the outcome and why.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    public_key  text,
    opd         text,
    role        text,
    action      text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'refused', 'unavailable')),
    reason      text,
    detail      text
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_refuse_change();

-- rapord's role: no DDL (it owns nothing), no UPDATE or DELETE on
-- submissions, scores, rankings or the audit log. Migrations run as the
-- owner. Roles are per cluster, so create it only once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapor_app') THEN
        CREATE ROLE rapor_app LOGIN;
    END IF;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM rapor_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO rapor_app;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO rapor_app;
GRANT INSERT ON submissions, scores, rankings, ranking_entries, audit_log, period_events,
                periods, opds, period_weights, period_assessors, opd_base_tpp, client_keys
    TO rapor_app;
-- Lifecycle, deactivation, settings and revocation change rows in place.
GRANT UPDATE ON periods, opds, period_weights, period_assessors, opd_base_tpp, client_keys
    TO rapor_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO rapor_app;
