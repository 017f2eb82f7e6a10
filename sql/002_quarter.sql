-- 002_quarter.sql: the quarter lifecycle, assessors, weights, TPP, rankings.
--
-- A period moves open -> closed -> finalized (closed may go back to open,
-- with a reason). Finalization writes the ranking rows in the same
-- transaction that marks the period finalized; from then on triggers refuse
-- any change to that period's scores, settings and ranking, whoever writes.

ALTER TABLE periods
    ADD COLUMN reward_n     integer NOT NULL DEFAULT 5  CHECK (reward_n BETWEEN 0 AND 1000),
    ADD COLUMN reward_pct   integer NOT NULL DEFAULT 15 CHECK (reward_pct BETWEEN 0 AND 100),
    ADD COLUMN punish_pct   integer NOT NULL DEFAULT 15 CHECK (punish_pct BETWEEN 0 AND 100),
    ADD COLUMN finalized_at timestamptz,
    ADD COLUMN finalized_by text;

-- Every lifecycle step, with who and why.
CREATE TABLE period_events (
    id          bigserial PRIMARY KEY,
    period_id   integer NOT NULL REFERENCES periods (id),
    action      text NOT NULL CHECK (action IN ('open', 'close', 'reopen', 'finalize')),
    actor       text NOT NULL,
    reason      text,
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Weights per period; a missing row means weight 1.
CREATE TABLE period_weights (
    period_id    integer NOT NULL REFERENCES periods (id),
    component_id smallint NOT NULL REFERENCES components (id),
    weight       integer NOT NULL CHECK (weight BETWEEN 1 AND 1000),
    PRIMARY KEY (period_id, component_id)
);

-- Who submits the verified score of each component: defaults, and the
-- per-period designation copied from them when a period is opened.
CREATE TABLE assessor_defaults (
    component_id smallint PRIMARY KEY REFERENCES components (id),
    opd_id       integer NOT NULL REFERENCES opds (id)
);
CREATE TABLE period_assessors (
    period_id    integer NOT NULL REFERENCES periods (id),
    component_id smallint NOT NULL REFERENCES components (id),
    opd_id       integer NOT NULL REFERENCES opds (id),
    PRIMARY KEY (period_id, component_id)
);

-- An OPD's base TPP for a quarter, in whole rupiah.
CREATE TABLE opd_base_tpp (
    period_id    integer NOT NULL REFERENCES periods (id),
    opd_id       integer NOT NULL REFERENCES opds (id),
    amount       bigint NOT NULL CHECK (amount BETWEEN 0 AND 10000000000000),
    PRIMARY KEY (period_id, opd_id)
);

-- Submissions now say whose they are and what kind: an OPD's own
-- self-assessment, or the designated assessor's verified score.
ALTER TABLE submissions
    ADD COLUMN kind text NOT NULL DEFAULT 'self' CHECK (kind IN ('self', 'verified')),
    ADD COLUMN submitter_opd_id integer REFERENCES opds (id);
-- The one backfill of an append-only table: every earlier submission was
-- sent by the OPD it scores. The trigger is off only inside this
-- migration's transaction.
ALTER TABLE submissions DISABLE TRIGGER submissions_append_only;
UPDATE submissions SET submitter_opd_id = opd_id WHERE submitter_opd_id IS NULL;
ALTER TABLE submissions ENABLE TRIGGER submissions_append_only;

DROP VIEW current_scores;
CREATE VIEW current_scores AS
SELECT DISTINCT ON (s.period_id, s.opd_id, s.kind, sc.component_id)
       p.code  AS period,
       o.code  AS opd,
       s.kind,
       c.code  AS component,
       sc.score_centi,
       sc.evidence,
       s.stored_at,
       s.submission_uuid,
       so.code AS submitter
  FROM scores sc
  JOIN submissions s ON s.id = sc.submission_id
  JOIN periods p     ON p.id = s.period_id
  JOIN opds o        ON o.id = s.opd_id
  JOIN components c  ON c.id = sc.component_id
  LEFT JOIN opds so  ON so.id = s.submitter_opd_id
 ORDER BY s.period_id, s.opd_id, s.kind, sc.component_id, s.id DESC;

-- The finalized ranking: one header row and one row per OPD. seq is the
-- broadcast sequence number; it only grows, across restarts of rapord.
CREATE TABLE rankings (
    period_id    integer PRIMARY KEY REFERENCES periods (id),
    seq          bigint NOT NULL UNIQUE CHECK (seq > 0),
    revision     integer NOT NULL DEFAULT 1,
    finalized_at timestamptz NOT NULL,
    finalized_by text NOT NULL,
    weights      integer[] NOT NULL CHECK (cardinality(weights) = 6),
    reward_n     integer NOT NULL,
    reward_pct   integer NOT NULL,
    punish_pct   integer NOT NULL
);

CREATE TABLE ranking_entries (
    period_id    integer NOT NULL REFERENCES rankings (period_id),
    opd_id       integer NOT NULL REFERENCES opds (id),
    position     integer NOT NULL,          -- 1.. in rank order, ties by code
    rank         integer NOT NULL,
    total_centi  integer NOT NULL CHECK (total_centi BETWEEN 0 AND 10000),
    verified     integer[] NOT NULL CHECK (cardinality(verified) = 6),  -- NULL element: none
    self         integer[] NOT NULL CHECK (cardinality(self) = 6),
    tpp_pct      integer NOT NULL,
    base_tpp     bigint,
    tpp_rupiah   bigint,
    incomplete   boolean NOT NULL,
    best         boolean NOT NULL,
    worst        boolean NOT NULL,
    PRIMARY KEY (period_id, opd_id),
    UNIQUE (period_id, position)
);

-- Immutability of finalized periods, enforced whoever writes.
CREATE FUNCTION rapor_period_is_final(pid integer) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT status = 'finalized' FROM periods WHERE id = pid
$$;

CREATE FUNCTION rapor_refuse_if_final() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pid integer;
BEGIN
    IF TG_OP = 'DELETE' THEN pid := OLD.period_id; ELSE pid := NEW.period_id; END IF;
    IF rapor_period_is_final(pid)
       OR (TG_OP <> 'INSERT' AND rapor_period_is_final(OLD.period_id)) THEN
        RAISE EXCEPTION 'period % is finalized; % on % is refused', pid, TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER submissions_not_final BEFORE INSERT ON submissions
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_if_final();
CREATE TRIGGER weights_not_final BEFORE INSERT OR UPDATE OR DELETE ON period_weights
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_if_final();
CREATE TRIGGER assessors_not_final BEFORE INSERT OR UPDATE OR DELETE ON period_assessors
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_if_final();
CREATE TRIGGER base_tpp_not_final BEFORE INSERT OR UPDATE OR DELETE ON opd_base_tpp
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_if_final();

-- Scores reference submissions; a score row for a finalized period would
-- need a new submission row, which the trigger above refuses.

-- Ranking rows are written once, by finalization, and never changed.
CREATE TRIGGER rankings_append_only BEFORE UPDATE OR DELETE ON rankings
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER ranking_entries_append_only BEFORE UPDATE OR DELETE ON ranking_entries
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER rankings_no_truncate BEFORE TRUNCATE ON rankings
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER ranking_entries_no_truncate BEFORE TRUNCATE ON ranking_entries
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_refuse_change();

-- A finalized period row never changes again; other periods move only
-- along open -> closed -> finalized and closed -> open.
CREATE FUNCTION rapor_period_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'periods are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.status = 'finalized' THEN
        RAISE EXCEPTION 'period % is finalized and cannot change', OLD.code
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
           (OLD.status = 'open'   AND NEW.status = 'closed')
        OR (OLD.status = 'closed' AND NEW.status IN ('open', 'finalized'))) THEN
        RAISE EXCEPTION 'period % cannot go from % to %', OLD.code, OLD.status, NEW.status
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER periods_transition BEFORE UPDATE OR DELETE ON periods
    FOR EACH ROW EXECUTE FUNCTION rapor_period_transition();
