-- 009_objections.sql: objections (masa sanggah) between close and finalize.
--
-- While a period is closed, an OPD may object to one verified component
-- score it received, with a reason. The component's designated assessor or
-- the inspectorate answers it once: accepted, with a corrected verified
-- score (stored as a new verified submission in the same transaction), or
-- rejected, with a reason. The rows are the history the finalized ranking
-- keeps, so the triggers below make them append-and-answer-once, and
-- frozen for good once their period is finalized, whoever writes.
--
-- Every function names its tables with their schema and pins search_path:
-- a TEMP table called "periods" must not be able to stand in for the real
-- one (pg_temp is searched first unless it is named last).

CREATE TABLE public.objections (
    id              bigserial PRIMARY KEY,
    period_id       integer NOT NULL REFERENCES public.periods (id),
    opd_id          integer NOT NULL REFERENCES public.opds (id),
    -- The code as it was when filed: the history reads the same whatever
    -- happens to opds later.
    opd_code        text NOT NULL CHECK (opd_code ~ '^[A-Z0-9_]{2,16}$'),
    component_id    smallint NOT NULL REFERENCES public.components (id),
    -- The verified score objected to, in hundredths; -1: there was none.
    disputed_centi  integer NOT NULL CHECK (disputed_centi = -1
                                            OR disputed_centi BETWEEN 0 AND 10000),
    reason          text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    filed_by        text NOT NULL,          -- the OPD code of the key that filed it
    filed_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    status          text NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'accepted', 'rejected')),
    answer          text CHECK (answer IS NULL OR char_length(answer) BETWEEN 1 AND 500),
    corrected_centi integer CHECK (corrected_centi BETWEEN 0 AND 10000),
    correction_submission_id bigint,
    answered_by     text,                   -- the OPD code of the key that answered
    answered_role   text CHECK (answered_role IN ('assessor', 'inspectorate')),
    answered_at     timestamptz,
    CHECK ((status = 'open') = (answered_at IS NULL)),
    CHECK ((status = 'open') = (answered_by IS NULL)),
    CHECK ((status = 'accepted') = (corrected_centi IS NOT NULL)),
    CHECK ((status = 'accepted') = (correction_submission_id IS NOT NULL)),
    CHECK (status <> 'rejected' OR answer IS NOT NULL)
);

-- One open objection per OPD and component at a time; once it is answered
-- the OPD may object again (to the corrected score, say).
CREATE UNIQUE INDEX objections_one_open ON public.objections (period_id, opd_id, component_id)
    WHERE status = 'open';
CREATE INDEX objections_period ON public.objections (period_id, id);

-- Filed only while the period is closed, and only as 'open'. Answered
-- once: only status and the answer's columns change, from open to
-- accepted or rejected. Never deleted. Nothing at all once the period is
-- finalized. The period row is read FOR SHARE, so a finalization running
-- now is waited for (and then refuses, or is seen).
CREATE FUNCTION public.rapor_objection_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    st text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'objections are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    SELECT p.status INTO st FROM public.periods p
     WHERE p.id = CASE WHEN TG_OP = 'UPDATE' THEN OLD.period_id ELSE NEW.period_id END
       FOR SHARE;
    IF st = 'finalized' THEN
        RAISE EXCEPTION 'period % is finalized; % on objections is refused',
            CASE WHEN TG_OP = 'UPDATE' THEN OLD.period_id ELSE NEW.period_id END, TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF st IS DISTINCT FROM 'closed' THEN
            RAISE EXCEPTION 'objections are filed only while the period is closed (it is %)',
                coalesce(st, 'missing') USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.status <> 'open' THEN
            RAISE EXCEPTION 'an objection is filed open' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status <> 'open' THEN
        RAISE EXCEPTION 'objection % was already %; an answer is final', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.status NOT IN ('accepted', 'rejected')
       OR NEW.id <> OLD.id OR NEW.period_id <> OLD.period_id OR NEW.opd_id <> OLD.opd_id
       OR NEW.opd_code <> OLD.opd_code OR NEW.component_id <> OLD.component_id
       OR NEW.disputed_centi <> OLD.disputed_centi OR NEW.reason <> OLD.reason
       OR NEW.filed_by <> OLD.filed_by
       OR NEW.filed_at <> OLD.filed_at THEN
        RAISE EXCEPTION 'objection % can only be answered, once', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER objections_guard BEFORE INSERT OR UPDATE OR DELETE ON public.objections
    FOR EACH ROW EXECUTE FUNCTION public.rapor_objection_guard();

CREATE FUNCTION public.rapor_objection_no_truncate() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'objections are never deleted' USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER objections_no_truncate BEFORE TRUNCATE ON public.objections
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_objection_no_truncate();

-- rapord files and answers; it never deletes, and it may change only the
-- answer's columns.
GRANT SELECT, INSERT ON public.objections TO rapor_app;
GRANT UPDATE (status, answer, corrected_centi, correction_submission_id, answered_by,
              answered_role, answered_at) ON public.objections TO rapor_app;
GRANT USAGE ON SEQUENCE public.objections_id_seq TO rapor_app;
