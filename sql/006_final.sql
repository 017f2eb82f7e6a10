-- 006_final.sql: a finalized period is final in the database too.
--
--   * A ranking entry keeps the OPD's code and name as they were at
--     finalization, so renaming or recoding an OPD later never changes a
--     finalized ranking (rapord no longer joins opds to load one).
--   * No row of a finalized period can be inserted, updated or deleted by
--     ordinary DML, whoever writes (rapor_app or the owner): submissions,
--     scores, rankings and their entries, weights, assessors, base TPP,
--     the period row itself and its lifecycle events.
--   * Every writer of a period's rows takes the period row FOR SHARE, and
--     close and finalize take it FOR UPDATE (server/quarter.c). A
--     finalization therefore waits for every transaction that is storing
--     into the period, and sees what it stored; a writer that comes while
--     a finalization runs waits for it, then finds the period finalized
--     and is refused. No committed submission is ever missing from the
--     ranking of its period.
--   * Every function names its tables with their schema and pins
--     search_path to pg_catalog, then pg_temp: a TEMP table called
--     "periods" cannot stand in for public.periods. (Left out, pg_temp is
--     searched first for tables.) PUBLIC and rapor_app lose TEMP on this
--     database anyway.
--
-- Later migrations attach public.rapor_refuse_if_final() (below) to any
-- table with a period_id column, and write every new function the same
-- way: public.-qualified, with SET search_path = pg_catalog, pg_temp.

-- ---- ranking entries keep the OPD as it was ----------------------------

ALTER TABLE public.ranking_entries
    ADD COLUMN opd_code text,
    ADD COLUMN opd_name text;
-- The backfill of an append-only table: rankings finalized before this
-- migration get the OPD as it is now, the best that is known. The trigger
-- is off only inside this migration's transaction.
ALTER TABLE public.ranking_entries DISABLE TRIGGER ranking_entries_append_only;
UPDATE public.ranking_entries e SET opd_code = o.code, opd_name = o.name
  FROM public.opds o WHERE o.id = e.opd_id;
ALTER TABLE public.ranking_entries ENABLE TRIGGER ranking_entries_append_only;
ALTER TABLE public.ranking_entries
    ALTER COLUMN opd_code SET NOT NULL,
    ALTER COLUMN opd_name SET NOT NULL;

-- ---- the period lock -----------------------------------------------------

-- Takes every period in `ids` FOR SHARE, in id order, and returns the code
-- of one that is finalized, or NULL. FOR SHARE waits for a close or a
-- finalization in progress (they hold the row FOR UPDATE); the second
-- query, with a new snapshot, then sees its outcome.
CREATE FUNCTION public.rapor_final_among(ids integer[]) RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    final text;
BEGIN
    PERFORM 1 FROM public.periods p WHERE p.id = ANY (ids) ORDER BY p.id FOR SHARE;
    SELECT p.code INTO final FROM public.periods p
     WHERE p.id = ANY (ids) AND p.status = 'finalized' ORDER BY p.id LIMIT 1;
    RETURN final;
END $$;

-- ---- the reusable guard --------------------------------------------------

-- rapor_refuse_if_final(): attach it to any table with a period_id column,
--     CREATE TRIGGER x_not_final BEFORE INSERT OR UPDATE OR DELETE ON public.x
--         FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();
-- and, since TRUNCATE fires no row trigger,
--     CREATE TRIGGER x_no_truncate_final BEFORE TRUNCATE ON public.x
--         FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();
-- It refuses a row whose period (old or new) is finalized, after taking
-- the period FOR SHARE, so a finalization in progress is waited for. It
-- costs one lookup per row: tables written in bulk (submissions, scores,
-- ranking_entries) use statement-level checks instead, below.
CREATE OR REPLACE FUNCTION public.rapor_refuse_if_final() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ids integer[];
    final text;
BEGIN
    IF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.period_id];
    ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.period_id];
    ELSE ids := ARRAY[OLD.period_id, NEW.period_id];
    END IF;
    final := public.rapor_final_among(ids);
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'period % is finalized; % on % is refused', final, TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- TRUNCATE of a table with a period_id column, refused while it holds a
-- row of a finalized period.
CREATE FUNCTION public.rapor_refuse_truncate_if_final() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    final text;
BEGIN
    EXECUTE format('SELECT p.code FROM %I.%I t JOIN public.periods p ON p.id = t.period_id'
                   ' WHERE p.status = ''finalized'' LIMIT 1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
       INTO final;
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'period % is finalized; TRUNCATE of % is refused', final, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END $$;

-- ---- every earlier function, qualified and pinned ------------------------

CREATE OR REPLACE FUNCTION public.rapor_refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% is append-only; send a new submission instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE OR REPLACE FUNCTION public.rapor_period_is_final(pid integer) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT status = 'finalized' FROM public.periods WHERE id = pid
$$;

-- A period is born open or closed, never finalized; it becomes finalized
-- only with its ranking stored (finalization writes the ranking first, in
-- the same transaction); a finalized period row never changes again.
CREATE OR REPLACE FUNCTION public.rapor_period_transition() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'periods are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'finalized' THEN
            RAISE EXCEPTION 'period % cannot be created finalized; finalize it', NEW.code
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
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
    IF NEW.status = 'finalized'
       AND NOT EXISTS (SELECT 1 FROM public.rankings r WHERE r.period_id = NEW.id) THEN
        RAISE EXCEPTION 'period % has no stored ranking; finalize it with rapor-admin', OLD.code
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION public.rapor_key_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.public_key <> OLD.public_key OR NEW.opd_id <> OLD.opd_id
       OR NEW.role <> OLD.role OR (OLD.revoked_at IS NOT NULL
                                   AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) THEN
        RAISE EXCEPTION 'a key can only be revoked, once' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

-- 004's statement check of ranking entries, which now also refuses an
-- entry of a period already finalized: finalization writes its entries
-- before it marks the period finalized, so nothing can be added after.
CREATE OR REPLACE FUNCTION public.rapor_ranking_entries_refer() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    final text;
BEGIN
    IF EXISTS (SELECT 1 FROM new_entries n
                 LEFT JOIN public.opds o ON o.id = n.opd_id
                 LEFT JOIN public.rankings r ON r.period_id = n.period_id
                WHERE o.id IS NULL OR r.period_id IS NULL) THEN
        RAISE EXCEPTION 'a ranking entry names an OPD or a ranking that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    final := public.rapor_final_among(ARRAY(SELECT DISTINCT n.period_id FROM new_entries n));
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'period % is finalized; INSERT on ranking_entries is refused', final
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION public.rapor_id_kept() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION '% row % keeps its id', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION public.rapor_opd_unnamed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- Waits for any group commit or finalization in progress, then sees
    -- what it wrote.
    LOCK TABLE public.submissions, public.ranking_entries IN SHARE MODE;
    IF EXISTS (SELECT 1 FROM public.submissions
                WHERE opd_id = OLD.id OR submitter_opd_id = OLD.id)
       OR EXISTS (SELECT 1 FROM public.ranking_entries WHERE opd_id = OLD.id) THEN
        RAISE EXCEPTION 'OPD % has submissions or is in a ranking; deactivate it instead',
            OLD.code USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END $$;

-- 005's statement check of submissions, with the period lock: the
-- statement that stores a group of submissions takes each of their
-- periods FOR SHARE and is refused if one is finalized.
CREATE OR REPLACE FUNCTION public.rapor_submissions_refer() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    final text;
BEGIN
    -- Each row probes its parents' primary keys (LATERAL ... LIMIT 1): a
    -- plan that hashed a whole parent table would grow with it.
    IF EXISTS (SELECT 1 FROM new_submissions n
                 LEFT JOIN LATERAL (SELECT true AS found FROM public.periods p
                                     WHERE p.id = n.period_id LIMIT 1) p ON true
                 LEFT JOIN LATERAL (SELECT true AS found FROM public.opds o
                                     WHERE o.id = n.opd_id LIMIT 1) o ON true
                 LEFT JOIN LATERAL (SELECT true AS found FROM public.opds so
                                     WHERE so.id = n.submitter_opd_id LIMIT 1) so ON true
                WHERE p.found IS NULL OR o.found IS NULL
                   OR (n.submitter_opd_id IS NOT NULL AND so.found IS NULL))
    THEN
        RAISE EXCEPTION 'a submission names a period or an OPD that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    final := public.rapor_final_among(ARRAY(SELECT DISTINCT n.period_id FROM new_submissions n));
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'period % is finalized; INSERT on submissions is refused', final
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END $$;

-- 005's statement check of scores, which now also refuses a score added
-- to a submission of a finalized period (the submission row is already
-- there, so its own check does not see it).
CREATE OR REPLACE FUNCTION public.rapor_scores_refer() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    missing boolean;
    ids integer[];
    final text;
BEGIN
    SELECT bool_or(s.period_id IS NULL OR c.found IS NULL),
           array_agg(DISTINCT s.period_id) FILTER (WHERE s.period_id IS NOT NULL)
      INTO missing, ids
      FROM new_scores n
      LEFT JOIN LATERAL (SELECT x.period_id FROM public.submissions x
                          WHERE x.id = n.submission_id LIMIT 1) s ON true
      LEFT JOIN LATERAL (SELECT true AS found FROM public.components c
                          WHERE c.id = n.component_id LIMIT 1) c ON true;
    IF missing THEN
        RAISE EXCEPTION 'a score names a submission or a component that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    final := public.rapor_final_among(ids);
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'period % is finalized; INSERT on scores is refused', final
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION public.rapor_never_deleted() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;

-- ---- triggers this migration adds ----------------------------------------

-- Periods: born open or closed (the transition function handles INSERT
-- now), never truncated.
CREATE TRIGGER periods_born BEFORE INSERT ON public.periods
    FOR EACH ROW EXECUTE FUNCTION public.rapor_period_transition();
CREATE TRIGGER periods_no_truncate BEFORE TRUNCATE ON public.periods
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_never_deleted();

-- A ranking header is written once, by the finalization of its period.
CREATE TRIGGER rankings_not_final BEFORE INSERT ON public.rankings
    FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();

-- Settings of a period (002's row triggers stay; they call the function
-- replaced above): TRUNCATE too.
CREATE TRIGGER weights_no_truncate_final BEFORE TRUNCATE ON public.period_weights
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();
CREATE TRIGGER assessors_no_truncate_final BEFORE TRUNCATE ON public.period_assessors
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();
CREATE TRIGGER base_tpp_no_truncate_final BEFORE TRUNCATE ON public.opd_base_tpp
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();

-- The lifecycle record of a period is history, like the audit log.
CREATE TRIGGER period_events_append_only BEFORE UPDATE OR DELETE ON public.period_events
    FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();
CREATE TRIGGER period_events_no_truncate BEFORE TRUNCATE ON public.period_events
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();

-- ---- no TEMP -------------------------------------------------------------

-- Database privileges belong to the database, not to its tables: a copy
-- made with CREATE DATABASE ... TEMPLATE starts with the default (PUBLIC
-- has TEMP) and needs these two statements again.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM rapor_app', current_database());
END $$;
