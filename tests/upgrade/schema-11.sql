--
-- PostgreSQL database dump
--

\restrict oFpANzMLuiuGpIgKAUkfF1TueAd9LIBBafrMZkpdLTXoyauY2Y1Re0xxZsAE7KT

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: rapor_final_among(integer[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_final_among(ids integer[]) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    final text;
BEGIN
    PERFORM 1 FROM public.periods p WHERE p.id = ANY (ids) ORDER BY p.id FOR SHARE;
    SELECT p.code INTO final FROM public.periods p
     WHERE p.id = ANY (ids) AND p.status = 'finalized' ORDER BY p.id LIMIT 1;
    RETURN final;
END $$;


--
-- Name: rapor_id_kept(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_id_kept() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION '% row % keeps its id', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;


--
-- Name: rapor_key_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_key_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.public_key <> OLD.public_key OR NEW.opd_id <> OLD.opd_id
       OR NEW.role <> OLD.role OR (OLD.revoked_at IS NOT NULL
                                   AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) THEN
        RAISE EXCEPTION 'a key can only be revoked, once' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;


--
-- Name: rapor_key_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_key_notify() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_catalog.pg_notify('rapor_keys', OLD.public_key);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.public_key IS DISTINCT FROM OLD.public_key) THEN
        PERFORM pg_catalog.pg_notify('rapor_keys', NEW.public_key);
    END IF;
    RETURN NULL;
END $$;


--
-- Name: rapor_keys_notify_all(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_keys_notify_all() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM pg_catalog.pg_notify('rapor_keys', '');
    RETURN NULL;
END $$;


--
-- Name: rapor_never_deleted(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_never_deleted() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;


--
-- Name: rapor_objection_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_objection_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_objection_no_truncate(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_objection_no_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'objections are never deleted' USING ERRCODE = 'restrict_violation';
END $$;


--
-- Name: rapor_opd_unnamed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_opd_unnamed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_period_is_final(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_period_is_final(pid integer) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT status = 'finalized' FROM public.periods WHERE id = pid
$$;


--
-- Name: rapor_period_transition(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_period_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_ranking_entries_refer(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_ranking_entries_refer() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_refuse_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION '% is append-only; send a new submission instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;


--
-- Name: rapor_refuse_if_final(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_refuse_if_final() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_refuse_truncate_if_final(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_refuse_truncate_if_final() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_scores_refer(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_scores_refer() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: rapor_submissions_refer(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rapor_submissions_refer() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: admin_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admin_requests (
    public_key text NOT NULL,
    actor text NOT NULL,
    request_id numeric(20,0) NOT NULL,
    fingerprint bytea NOT NULL,
    op text NOT NULL,
    summary bytea NOT NULL,
    ranking_seq bigint,
    at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT admin_requests_fingerprint_check CHECK ((length(fingerprint) = 32)),
    CONSTRAINT admin_requests_public_key_check CHECK (((public_key = ''::text) OR (length(public_key) = 40))),
    CONSTRAINT admin_requests_request_id_check CHECK (((request_id > (0)::numeric) AND (request_id < '18446744073709551616'::numeric)))
);


--
-- Name: assessor_defaults; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assessor_defaults (
    component_id smallint NOT NULL,
    opd_id integer NOT NULL
);


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    public_key text,
    opd text,
    role text,
    action text NOT NULL,
    outcome text NOT NULL,
    reason text,
    detail text,
    CONSTRAINT audit_log_outcome_check CHECK ((outcome = ANY (ARRAY['accepted'::text, 'rejected'::text, 'refused'::text, 'unavailable'::text])))
);


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: client_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.client_keys (
    id integer NOT NULL,
    public_key text NOT NULL,
    opd_id integer NOT NULL,
    role text NOT NULL,
    label text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT client_keys_label_check CHECK (((label IS NULL) OR (length(label) <= 200))),
    CONSTRAINT client_keys_public_key_check CHECK ((public_key ~ '^[0-9a-zA-Z.:+=^!/*?&<>()\[\]{}@%$#-]{40}$'::text)),
    CONSTRAINT client_keys_role_check CHECK ((role = ANY (ARRAY['opd'::text, 'assessor'::text, 'inspectorate'::text, 'dashboard'::text])))
);


--
-- Name: client_keys_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.client_keys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: client_keys_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.client_keys_id_seq OWNED BY public.client_keys.id;


--
-- Name: components; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.components (
    id smallint NOT NULL,
    code text NOT NULL,
    name_id text NOT NULL,
    gloss_en text NOT NULL,
    CONSTRAINT components_id_check CHECK (((id >= 1) AND (id <= 6)))
);


--
-- Name: opds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.opds (
    id integer NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT opds_code_check CHECK ((code ~ '^[A-Z0-9_]{2,16}$'::text)),
    CONSTRAINT opds_kind_check CHECK ((kind = ANY (ARRAY['dinas'::text, 'badan'::text, 'bagian'::text, 'kecamatan'::text, 'sekretariat'::text, 'inspektorat'::text, 'satuan'::text, 'rumah_sakit'::text, 'kantor'::text]))),
    CONSTRAINT opds_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)))
);


--
-- Name: periods; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.periods (
    id integer NOT NULL,
    code text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    opened_at timestamp with time zone DEFAULT now() NOT NULL,
    reward_n integer DEFAULT 5 NOT NULL,
    reward_pct integer DEFAULT 15 NOT NULL,
    punish_pct integer DEFAULT 15 NOT NULL,
    finalized_at timestamp with time zone,
    finalized_by text,
    CONSTRAINT periods_code_check CHECK ((code ~ '^[0-9]{4}-Q[1-4]$'::text)),
    CONSTRAINT periods_punish_pct_check CHECK (((punish_pct >= 0) AND (punish_pct <= 100))),
    CONSTRAINT periods_reward_n_check CHECK (((reward_n >= 0) AND (reward_n <= 1000))),
    CONSTRAINT periods_reward_pct_check CHECK (((reward_pct >= 0) AND (reward_pct <= 100))),
    CONSTRAINT periods_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text, 'finalized'::text])))
);


--
-- Name: scores; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.scores (
    submission_id bigint NOT NULL,
    component_id smallint NOT NULL,
    score_centi integer NOT NULL,
    evidence text,
    CONSTRAINT scores_evidence_check CHECK (((evidence IS NULL) OR (char_length(evidence) <= 1000))),
    CONSTRAINT scores_score_centi_check CHECK (((score_centi >= 0) AND (score_centi <= 10000)))
);


--
-- Name: submissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.submissions (
    id bigint NOT NULL,
    submission_uuid bytea NOT NULL,
    period_id integer NOT NULL,
    opd_id integer NOT NULL,
    content_sha256 bytea NOT NULL,
    request_id bigint NOT NULL,
    stored_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    kind text DEFAULT 'self'::text NOT NULL,
    submitter_opd_id integer,
    CONSTRAINT submissions_content_sha256_check CHECK ((length(content_sha256) = 32)),
    CONSTRAINT submissions_kind_check CHECK ((kind = ANY (ARRAY['self'::text, 'verified'::text]))),
    CONSTRAINT submissions_submission_uuid_check CHECK ((length(submission_uuid) = 16))
);


--
-- Name: current_scores; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.current_scores AS
 SELECT DISTINCT ON (s.period_id, s.opd_id, s.kind, sc.component_id) p.code AS period,
    o.code AS opd,
    s.kind,
    c.code AS component,
    sc.score_centi,
    sc.evidence,
    s.stored_at,
    s.submission_uuid,
    so.code AS submitter
   FROM (((((public.scores sc
     JOIN public.submissions s ON ((s.id = sc.submission_id)))
     JOIN public.periods p ON ((p.id = s.period_id)))
     JOIN public.opds o ON ((o.id = s.opd_id)))
     JOIN public.components c ON ((c.id = sc.component_id)))
     LEFT JOIN public.opds so ON ((so.id = s.submitter_opd_id)))
  ORDER BY s.period_id, s.opd_id, s.kind, sc.component_id, s.id DESC;


--
-- Name: objections; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.objections (
    id bigint NOT NULL,
    period_id integer NOT NULL,
    opd_id integer NOT NULL,
    opd_code text NOT NULL,
    component_id smallint NOT NULL,
    disputed_centi integer NOT NULL,
    reason text NOT NULL,
    filed_by text NOT NULL,
    filed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    answer text,
    corrected_centi integer,
    correction_submission_id bigint,
    answered_by text,
    answered_role text,
    answered_at timestamp with time zone,
    CONSTRAINT objections_answer_check CHECK (((answer IS NULL) OR ((char_length(answer) >= 1) AND (char_length(answer) <= 500)))),
    CONSTRAINT objections_answered_role_check CHECK ((answered_role = ANY (ARRAY['assessor'::text, 'inspectorate'::text]))),
    CONSTRAINT objections_check CHECK (((status = 'open'::text) = (answered_at IS NULL))),
    CONSTRAINT objections_check1 CHECK (((status = 'open'::text) = (answered_by IS NULL))),
    CONSTRAINT objections_check2 CHECK (((status = 'accepted'::text) = (corrected_centi IS NOT NULL))),
    CONSTRAINT objections_check3 CHECK (((status = 'accepted'::text) = (correction_submission_id IS NOT NULL))),
    CONSTRAINT objections_check4 CHECK (((status <> 'rejected'::text) OR (answer IS NOT NULL))),
    CONSTRAINT objections_corrected_centi_check CHECK (((corrected_centi >= 0) AND (corrected_centi <= 10000))),
    CONSTRAINT objections_disputed_centi_check CHECK (((disputed_centi = '-1'::integer) OR ((disputed_centi >= 0) AND (disputed_centi <= 10000)))),
    CONSTRAINT objections_opd_code_check CHECK ((opd_code ~ '^[A-Z0-9_]{2,16}$'::text)),
    CONSTRAINT objections_reason_check CHECK (((char_length(reason) >= 1) AND (char_length(reason) <= 500))),
    CONSTRAINT objections_status_check CHECK ((status = ANY (ARRAY['open'::text, 'accepted'::text, 'rejected'::text])))
);


--
-- Name: objections_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.objections_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: objections_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.objections_id_seq OWNED BY public.objections.id;


--
-- Name: opd_base_tpp; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.opd_base_tpp (
    period_id integer NOT NULL,
    opd_id integer NOT NULL,
    amount bigint NOT NULL,
    CONSTRAINT opd_base_tpp_amount_check CHECK (((amount >= 0) AND (amount <= '10000000000000'::bigint)))
);


--
-- Name: opds_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.opds_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: opds_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.opds_id_seq OWNED BY public.opds.id;


--
-- Name: period_assessors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.period_assessors (
    period_id integer NOT NULL,
    component_id smallint NOT NULL,
    opd_id integer NOT NULL
);


--
-- Name: period_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.period_events (
    id bigint NOT NULL,
    period_id integer NOT NULL,
    action text NOT NULL,
    actor text NOT NULL,
    reason text,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT period_events_action_check CHECK ((action = ANY (ARRAY['open'::text, 'close'::text, 'reopen'::text, 'finalize'::text])))
);


--
-- Name: period_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.period_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: period_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.period_events_id_seq OWNED BY public.period_events.id;


--
-- Name: period_weights; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.period_weights (
    period_id integer NOT NULL,
    component_id smallint NOT NULL,
    weight integer NOT NULL,
    CONSTRAINT period_weights_weight_check CHECK (((weight >= 1) AND (weight <= 1000)))
);


--
-- Name: periods_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.periods_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: periods_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.periods_id_seq OWNED BY public.periods.id;


--
-- Name: ranking_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ranking_entries (
    period_id integer NOT NULL,
    opd_id integer NOT NULL,
    "position" integer NOT NULL,
    rank integer NOT NULL,
    total_centi integer NOT NULL,
    verified integer[] NOT NULL,
    self integer[] NOT NULL,
    tpp_pct integer NOT NULL,
    base_tpp bigint,
    tpp_rupiah bigint,
    incomplete boolean NOT NULL,
    best boolean NOT NULL,
    worst boolean NOT NULL,
    opd_code text NOT NULL,
    opd_name text NOT NULL,
    CONSTRAINT ranking_entries_self_check CHECK ((cardinality(self) = 6)),
    CONSTRAINT ranking_entries_total_centi_check CHECK (((total_centi >= 0) AND (total_centi <= 10000))),
    CONSTRAINT ranking_entries_verified_check CHECK ((cardinality(verified) = 6))
);


--
-- Name: rankings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rankings (
    period_id integer NOT NULL,
    seq bigint NOT NULL,
    revision integer DEFAULT 1 NOT NULL,
    finalized_at timestamp with time zone NOT NULL,
    finalized_by text NOT NULL,
    weights integer[] NOT NULL,
    reward_n integer NOT NULL,
    reward_pct integer NOT NULL,
    punish_pct integer NOT NULL,
    digest text,
    force_reason text DEFAULT ''::text NOT NULL,
    CONSTRAINT rankings_digest_check CHECK ((digest ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT rankings_force_reason_check CHECK ((octet_length(force_reason) <= 2000)),
    CONSTRAINT rankings_seq_check CHECK ((seq > 0)),
    CONSTRAINT rankings_weights_check CHECK ((cardinality(weights) = 6))
);


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: submissions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.submissions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: submissions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.submissions_id_seq OWNED BY public.submissions.id;


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: client_keys id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_keys ALTER COLUMN id SET DEFAULT nextval('public.client_keys_id_seq'::regclass);


--
-- Name: objections id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objections ALTER COLUMN id SET DEFAULT nextval('public.objections_id_seq'::regclass);


--
-- Name: opds id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opds ALTER COLUMN id SET DEFAULT nextval('public.opds_id_seq'::regclass);


--
-- Name: period_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_events ALTER COLUMN id SET DEFAULT nextval('public.period_events_id_seq'::regclass);


--
-- Name: periods id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periods ALTER COLUMN id SET DEFAULT nextval('public.periods_id_seq'::regclass);


--
-- Name: submissions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.submissions ALTER COLUMN id SET DEFAULT nextval('public.submissions_id_seq'::regclass);


--
-- Data for Name: admin_requests; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.admin_requests (public_key, actor, request_id, fingerprint, op, summary, ranking_seq, at) FROM stdin;
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	7640087665529032315	\\xc113b2fd84c0bc7044096c5343b238070a82ad1955563e657521703915a376e1	key-add	\\x4b65792077425077337651587779685e7633454e4c28574c582d6d71302b463a572e684a336155685a7d2a51207265676973746572656420666f7220494e5350454b544f524154206173206173736573736f722e	\N	2026-12-01 13:10:40.18806+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	9178250451848841933	\\x7939f37b9b3d420e1eb225aed86a98bbf5af21ab650869b4f4a53ad96184772b	key-add	\\x4b6579204e4168577a6c3c243653763063233d376f5d373a49267b6f3c5e4f6f385561717d35742e44372e63207265676973746572656420666f722042415050454441206173206173736573736f722e	\N	2026-12-01 13:10:40.313546+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	7997577100465744184	\\xcb3c31e4f7f5808f17016d8bc923c24ea407d8bb091b85b32069fcd413d9847b	key-add	\\x4b657920744b6d533421515d307465632e786b38774a792f6b417a395e726c2b364d4d3576702971523d616a207265676973746572656420666f72204f5247414e4953415349206173206173736573736f722e	\N	2026-12-01 13:10:40.358403+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	440832811102379769	\\xa3e5129707c1f1b61adb032793eed911b0f270f8cd987e8a511e9d7ed25625d0	key-add	\\x4b657920796c5724723f7b4862294e7152252a62765d78513f4f5e5935267570344739313a21535b65305d28207265676973746572656420666f722042504b4144206173206173736573736f722e	\N	2026-12-01 13:10:40.390145+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	16972038718681320642	\\x5b55d53df4fc3a9fb2421a6684a04166ce2fb735745aca74420d3901dbdc59f9	key-add	\\x4b6579202f4329554b26562d253f555661554c2f7d743648482a6b51413c5671243d256351675a76395e5852207265676973746572656420666f722050424a206173206173736573736f722e	\N	2026-12-01 13:10:40.423817+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	8938627304407947666	\\x667af0b98d0390d81f7f9e39452d2fbfca43f75e25917781e1ea02af9ef42626	key-add	\\x4b65792043632b303d6f566a3c643d5b6a6f2f3e74557a32507b70286e3840312e2b292f4a3d4f542e625e6d207265676973746572656420666f722044494e4b4553206173206f70642e	\N	2026-12-01 13:10:40.45819+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	13400231773205754550	\\x34b0c043e80498a6a287205de3a3796e2ddc3ce4b2a5ce256a9f3258624dd44c	key-add	\\x4b6579204f2a282624424543633c2b2f25782e3d5d37443d686533472f652a572b2f46474959442a4c4d6238207265676973746572656420666f7220444953485542206173206f70642e	\N	2026-12-01 13:10:40.493064+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	10981539960462093303	\\x00b015f11c64b2e067a65efb1042f27a5342bab100111bbdbfdbcccf18e44913	key-add	\\x4b65792069215d742a734347266b4478743a424446252b29686f43576843394a7963657135416156782e3146207265676973746572656420666f72204b45435f4c4943494e206173206f70642e	\N	2026-12-01 13:10:40.558198+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	3211721074365600615	\\x882ab27f92899661f2d0880a3559508a5549b93aa59a14eb69b3b6c3409c0686	period-open	\\x506572696f6420323032352d5131206973206f70656e3b204f50447320616e64206173736573736f7273206d6179207375626d69742e	\N	2026-12-01 13:10:40.710189+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	527229521541259512	\\xd876ec624adf8eeaa23e83cabfaef170e957957e9673c5fe79c0c5dcddd142ec	tpp	\\x4261736520545050206f662044494e4b455320666f7220323032352d51313a205270203135303030303030302e	\N	2026-12-01 13:10:40.78372+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	14375081968772500004	\\xc81aec84c892450dd0bb0c6af8145c039f48345a28827a017ff9eeed48da2eb7	period-close	\\x506572696f6420323032352d513120697320636c6f7365642e	\N	2026-12-01 13:10:43.673301+00
y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	3672899942193377302	\\x8c5d6550741c3d80d7c9586bebf4dcbd1633a497d3c71ffba687fcfd7ea1ead0	period-finalize	\\x506572696f6420323032352d51312069732066696e616c697a65643a20636f6d706c6574653a2038206f662038204f5044732c2076657269666965642073636f726573206d697373696e673a20302c206f626a656374696f6e7320756e616e7377657265643a20303b2062726f6164636173742073657175656e636520312e	1	2026-12-01 13:10:43.747261+00
\.


--
-- Data for Name: assessor_defaults; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.assessor_defaults (component_id, opd_id) FROM stdin;
1	1
2	2
3	3
4	4
5	2
6	5
\.


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit_log (id, at, public_key, opd, role, action, outcome, reason, detail) FROM stdin;
1	2026-12-01 13:10:40.233259+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=INSPEKTORAT period=-
2	2026-12-01 13:10:40.315262+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=BAPPEDA period=-
3	2026-12-01 13:10:40.361178+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=ORGANISASI period=-
4	2026-12-01 13:10:40.393046+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=BPKAD period=-
5	2026-12-01 13:10:40.425313+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=PBJ period=-
6	2026-12-01 13:10:40.459478+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=DINKES period=-
7	2026-12-01 13:10:40.494314+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=DISHUB period=-
8	2026-12-01 13:10:40.560914+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	key-add	accepted	\N	admin opd=KEC_LICIN period=-
9	2026-12-01 13:10:40.726234+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	period-open	accepted	\N	admin opd=- period=2025-Q1
10	2026-12-01 13:10:40.797033+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	tpp	accepted	\N	admin opd=DINKES period=2025-Q1
11	2026-12-01 13:10:40.875189+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=INSPEKTORAT period=2025-Q1 submission=109f9a60fe990167cc76f86563578689
12	2026-12-01 13:10:40.938339+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=INSPEKTORAT period=2025-Q1 submission=d2c93da1eebcafff3666c0d642cb2560
13	2026-12-01 13:10:40.987817+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=INSPEKTORAT period=2025-Q1 submission=8a994eb7a99afe9e44842cd42ccff171
14	2026-12-01 13:10:41.051177+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=INSPEKTORAT period=2025-Q1 submission=b55eca06fbc8ef8fe850a8716f2e5de4
15	2026-12-01 13:10:41.112713+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=INSPEKTORAT period=2025-Q1 submission=dc275c4f74247d38000fd88d49b5181a
16	2026-12-01 13:10:41.155199+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=BAPPEDA period=2025-Q1 submission=364143b6d0ff9e849297e6f094d46de7
17	2026-12-01 13:10:41.223638+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=BAPPEDA period=2025-Q1 submission=ed0f50e09a2208257f84af85d3455421
18	2026-12-01 13:10:41.271911+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=BAPPEDA period=2025-Q1 submission=bb5a988e98848b7b0c15e8f3c2c8154d
19	2026-12-01 13:10:41.346909+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=BAPPEDA period=2025-Q1 submission=f8aa803ef2562ea0e2d300ae6baa7680
20	2026-12-01 13:10:41.40664+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=BAPPEDA period=2025-Q1 submission=c7ff2051ca55c543d1400d9617343f9d
21	2026-12-01 13:10:41.473395+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=ORGANISASI period=2025-Q1 submission=81f4a5351d2053c302a82dc3c97bc52a
22	2026-12-01 13:10:41.531033+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=ORGANISASI period=2025-Q1 submission=7e99418aaba9ec9944144419520d06f1
23	2026-12-01 13:10:41.595744+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=ORGANISASI period=2025-Q1 submission=087d43987d678bdeed68b1e7a61ecac1
24	2026-12-01 13:10:41.654895+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=ORGANISASI period=2025-Q1 submission=29d05d03533434247ce9ca36574c6307
25	2026-12-01 13:10:41.73366+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=ORGANISASI period=2025-Q1 submission=d6e3721d3accc791c712d6233bc9abab
26	2026-12-01 13:10:41.765899+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=BPKAD period=2025-Q1 submission=030579f775e90f67900694743dbc283a
27	2026-12-01 13:10:41.812364+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=BPKAD period=2025-Q1 submission=6c07bf5eb6a65ba1972fb642de4d9b41
28	2026-12-01 13:10:41.861703+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=BPKAD period=2025-Q1 submission=48826b9309400df7cfca317dbeef8f54
29	2026-12-01 13:10:41.929264+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=BPKAD period=2025-Q1 submission=9d1ffc03782e25c6da437bdc0e73c3ff
30	2026-12-01 13:10:41.960571+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=BPKAD period=2025-Q1 submission=276b35d9624722d13e89b33122be0153
31	2026-12-01 13:10:41.993272+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=PBJ period=2025-Q1 submission=33781fd05f24a8c9a9616abdc4f203c5
32	2026-12-01 13:10:42.080697+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=PBJ period=2025-Q1 submission=4b9423843558dd70f5c477eeef5392c2
33	2026-12-01 13:10:42.129666+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=PBJ period=2025-Q1 submission=1c3b6824fe0180b8fdb7e2f4d24ab5fd
34	2026-12-01 13:10:42.197553+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=PBJ period=2025-Q1 submission=5c0d33b820fb67e42a11fe1417f8ae16
35	2026-12-01 13:10:42.267701+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=PBJ period=2025-Q1 submission=18cf6466fe0669ce1daddc0c6eb42bba
36	2026-12-01 13:10:42.339973+00	Cc+0=oVj<d=[jo/>tUz2P{p(n8@1.+)/J=OT.b^m	DINKES	opd	submit	accepted	\N	self opd=DINKES period=2025-Q1 submission=9628321bb394364ff6e525b350bb8c77
37	2026-12-01 13:10:42.379483+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=DINKES period=2025-Q1 submission=1e889081d2c5e1b715838601123d213b
38	2026-12-01 13:10:42.640162+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=DINKES period=2025-Q1 submission=e872bf412d7ebfb9bed3ca389d633021
39	2026-12-01 13:10:42.680927+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=DINKES period=2025-Q1 submission=4f47a3357d48ff63457340998d4ddc6d
40	2026-12-01 13:10:42.713666+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=DINKES period=2025-Q1 submission=26d0d25824168c633a3f3830fd95e8c3
41	2026-12-01 13:10:42.77738+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=DINKES period=2025-Q1 submission=071193c2e8fe7f8f1272854bdea9d0c7
42	2026-12-01 13:10:42.829399+00	O*(&$BECc<+/%x.=]7D=he3G/e*W+/FGIYD*LMb8	DISHUB	opd	submit	accepted	\N	self opd=DISHUB period=2025-Q1 submission=20e2e4f60b63958f3f094856aba63bd2
43	2026-12-01 13:10:42.91172+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=DISHUB period=2025-Q1 submission=eb4c78c3a680807e294a0d9f8ba6d26d
44	2026-12-01 13:10:43.001474+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=DISHUB period=2025-Q1 submission=af6106ab16b188e7885e8852a71774ec
45	2026-12-01 13:10:43.073437+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=DISHUB period=2025-Q1 submission=664a933c136a0ac4e94d296a10db4e78
46	2026-12-01 13:10:43.153387+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=DISHUB period=2025-Q1 submission=4d43f43795c5e4c64089f6cc509b4f4a
47	2026-12-01 13:10:43.231514+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=DISHUB period=2025-Q1 submission=31ba4d82bac933acd9583238d38e0d70
48	2026-12-01 13:10:43.303578+00	i!]t*sCG&kDxt:BDF%+)hoCWhC9Jyceq5AaVx.1F	KEC_LICIN	opd	submit	accepted	\N	self opd=KEC_LICIN period=2025-Q1 submission=4e7bc9e09741f7d0e3f2a3eda7c91688
49	2026-12-01 13:10:43.369935+00	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	INSPEKTORAT	assessor	submit	accepted	\N	verified opd=KEC_LICIN period=2025-Q1 submission=44a22b21a4f119365b9c482452334126
50	2026-12-01 13:10:43.456528+00	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	BAPPEDA	assessor	submit	accepted	\N	verified opd=KEC_LICIN period=2025-Q1 submission=6fdea4bd24b6c288d457a4972bccabeb
51	2026-12-01 13:10:43.518968+00	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	ORGANISASI	assessor	submit	accepted	\N	verified opd=KEC_LICIN period=2025-Q1 submission=ae2225c78b171ad7bbf536a61ed558d2
52	2026-12-01 13:10:43.56576+00	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	BPKAD	assessor	submit	accepted	\N	verified opd=KEC_LICIN period=2025-Q1 submission=f6450451c09bbb077db50934b4f4c8f3
53	2026-12-01 13:10:43.640512+00	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	PBJ	assessor	submit	accepted	\N	verified opd=KEC_LICIN period=2025-Q1 submission=ce18bf91882645d87907c5b5d25750f1
54	2026-12-01 13:10:43.681935+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	period-close	accepted	\N	admin opd=- period=2025-Q1
55	2026-12-01 13:10:43.7733+00	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	INSPEKTORAT	inspectorate	period-finalize	accepted	\N	admin opd=- period=2025-Q1
\.


--
-- Data for Name: client_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.client_keys (id, public_key, opd_id, role, label, created_at, revoked_at) FROM stdin;
1	y$GxK3HbSBgK3[=Fhmdixr!8vn#mEZl[neEq2OVC	1	inspectorate	\N	2026-12-01 13:10:39.715255+00	\N
2	wBPw3vQXwyh^v3ENL(WLX-mq0+F:W.hJ3aUhZ}*Q	1	assessor	\N	2026-12-01 13:10:40.18806+00	\N
3	NAhWzl<$6Sv0c#=7o]7:I&{o<^Oo8Uaq}5t.D7.c	2	assessor	\N	2026-12-01 13:10:40.313546+00	\N
4	tKmS4!Q]0tec.xk8wJy/kAz9^rl+6MM5vp)qR=aj	3	assessor	\N	2026-12-01 13:10:40.358403+00	\N
5	ylW$r?{Hb)NqR%*bv]xQ?O^Y5&up4G91:!S[e0](	4	assessor	\N	2026-12-01 13:10:40.390145+00	\N
6	/C)UK&V-%?UVaUL/}t6HH*kQA<Vq$=%cQgZv9^XR	5	assessor	\N	2026-12-01 13:10:40.423817+00	\N
7	Cc+0=oVj<d=[jo/>tUz2P{p(n8@1.+)/J=OT.b^m	6	opd	\N	2026-12-01 13:10:40.45819+00	\N
8	O*(&$BECc<+/%x.=]7D=he3G/e*W+/FGIYD*LMb8	7	opd	\N	2026-12-01 13:10:40.493064+00	\N
9	i!]t*sCG&kDxt:BDF%+)hoCWhC9Jyceq5AaVx.1F	8	opd	\N	2026-12-01 13:10:40.558198+00	\N
\.


--
-- Data for Name: components; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.components (id, code, name_id, gloss_en) FROM stdin;
1	pengawasan	Pengawasan	Oversight
2	perencanaan	Perencanaan dan Pengendalian Pembangunan	Development planning and control
3	pelaporan	Pelaporan Kinerja	Performance reporting
4	anggaran	Pengelolaan Anggaran dan Barang Milik Daerah	Budget and regional asset management
5	inovasi	Inovasi	Innovation
6	pengadaan	Pengadaan Barang dan Jasa	Procurement of goods and services
\.


--
-- Data for Name: objections; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.objections (id, period_id, opd_id, opd_code, component_id, disputed_centi, reason, filed_by, filed_at, status, answer, corrected_centi, correction_submission_id, answered_by, answered_role, answered_at) FROM stdin;
\.


--
-- Data for Name: opd_base_tpp; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.opd_base_tpp (period_id, opd_id, amount) FROM stdin;
1	6	150000000
\.


--
-- Data for Name: opds; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.opds (id, code, name, kind, active, created_at) FROM stdin;
1	INSPEKTORAT	Inspektorat	inspektorat	t	2026-12-01 13:10:39.374116+00
2	BAPPEDA	Badan Perencanaan Pembangunan Daerah	badan	t	2026-12-01 13:10:39.374116+00
3	ORGANISASI	Bagian Organisasi	bagian	t	2026-12-01 13:10:39.374116+00
4	BPKAD	Badan Pengelolaan Keuangan dan Aset Daerah	badan	t	2026-12-01 13:10:39.374116+00
5	PBJ	Bagian Pengadaan Barang dan Jasa	bagian	t	2026-12-01 13:10:39.374116+00
6	DINKES	Dinas Kesehatan	dinas	t	2026-12-01 13:10:39.374116+00
7	DISHUB	Dinas Perhubungan	dinas	t	2026-12-01 13:10:39.374116+00
8	KEC_LICIN	Kecamatan Licin	kecamatan	t	2026-12-01 13:10:39.374116+00
\.


--
-- Data for Name: period_assessors; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.period_assessors (period_id, component_id, opd_id) FROM stdin;
1	1	1
1	2	2
1	3	3
1	4	4
1	5	2
1	6	5
\.


--
-- Data for Name: period_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.period_events (id, period_id, action, actor, reason, at) FROM stdin;
1	1	open	INSPEKTORAT	\N	2026-12-01 13:10:40.722649+00
2	1	close	INSPEKTORAT	\N	2026-12-01 13:10:43.680126+00
3	1	finalize	INSPEKTORAT	\N	2026-12-01 13:10:43.769291+00
\.


--
-- Data for Name: period_weights; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.period_weights (period_id, component_id, weight) FROM stdin;
\.


--
-- Data for Name: periods; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.periods (id, code, status, opened_at, reward_n, reward_pct, punish_pct, finalized_at, finalized_by) FROM stdin;
1	2025-Q1	finalized	2026-12-01 13:10:40.710189+00	5	15	15	2026-12-01 13:10:43.747261+00	INSPEKTORAT
\.


--
-- Data for Name: ranking_entries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.ranking_entries (period_id, opd_id, "position", rank, total_centi, verified, self, tpp_pct, base_tpp, tpp_rupiah, incomplete, best, worst, opd_code, opd_name) FROM stdin;
1	8	1	1	8077	{9256,7150,7825,7150,7825,9256}	{7150,9256,7825,9256,7150,7825}	15	\N	\N	f	t	f	KEC_LICIN	Kecamatan Licin
1	7	2	2	8008	{8849,7450,7725,7450,7725,8849}	{7450,8849,7725,8849,7450,7725}	15	\N	\N	f	f	f	DISHUB	Dinas Perhubungan
1	6	3	3	7939	{8442,7750,7625,7750,7625,8442}	{7750,8442,7625,8442,7750,7625}	15	150000000	22500000	f	f	f	DINKES	Dinas Kesehatan
1	5	4	4	7870	{8035,8050,7525,8050,7525,8035}	{NULL,NULL,NULL,NULL,NULL,NULL}	15	\N	\N	f	f	f	PBJ	Bagian Pengadaan Barang dan Jasa
1	4	5	5	7801	{7628,8350,7425,8350,7425,7628}	{NULL,NULL,NULL,NULL,NULL,NULL}	15	\N	\N	f	f	f	BPKAD	Badan Pengelolaan Keuangan dan Aset Daerah
1	3	6	6	7732	{7221,8650,7325,8650,7325,7221}	{NULL,NULL,NULL,NULL,NULL,NULL}	-15	\N	\N	f	f	f	ORGANISASI	Bagian Organisasi
1	2	7	7	7663	{6814,8950,7225,8950,7225,6814}	{NULL,NULL,NULL,NULL,NULL,NULL}	-15	\N	\N	f	f	f	BAPPEDA	Badan Perencanaan Pembangunan Daerah
1	1	8	8	7615	{6470,9250,7125,9250,7125,6470}	{NULL,NULL,NULL,NULL,NULL,NULL}	-15	\N	\N	f	f	t	INSPEKTORAT	Inspektorat
\.


--
-- Data for Name: rankings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.rankings (period_id, seq, revision, finalized_at, finalized_by, weights, reward_n, reward_pct, punish_pct, digest, force_reason) FROM stdin;
1	1	1	2026-12-01 13:10:43.747261+00	INSPEKTORAT	{1,1,1,1,1,1}	5	15	15	6e7339cbccd4b47b935ee6ad07d49d7324140922f4668291e6540311990d83ca	
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, name, applied_at) FROM stdin;
1	001_init.sql	2026-12-01 13:10:35.000194+00
2	002_quarter.sql	2026-12-01 13:10:35.535962+00
3	003_trust.sql	2026-12-01 13:10:35.866873+00
4	004_ranking_checks.sql	2026-12-01 13:10:36.228056+00
5	005_statement_checks.sql	2026-12-01 13:10:36.561178+00
6	006_final.sql	2026-12-01 13:10:36.892238+00
7	007_admin_requests.sql	2026-12-01 13:10:37.255581+00
8	008_digest.sql	2026-12-01 13:10:37.625569+00
9	009_objections.sql	2026-12-01 13:10:37.87304+00
10	010_final_events.sql	2026-12-01 13:10:38.215388+00
11	011_key_notify.sql	2026-12-01 13:10:38.582995+00
\.


--
-- Data for Name: scores; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.scores (submission_id, component_id, score_centi, evidence) FROM stdin;
1	1	6470	\N
2	2	9250	\N
2	5	7125	\N
3	3	7125	\N
4	4	9250	\N
5	6	6470	\N
6	1	6814	\N
7	5	7225	\N
7	2	8950	\N
8	3	7225	\N
9	4	8950	\N
10	6	6814	\N
11	1	7221	\N
12	5	7325	\N
12	2	8650	\N
13	3	7325	\N
14	4	8650	\N
15	6	7221	\N
16	1	7628	\N
17	5	7425	\N
17	2	8350	\N
18	3	7425	\N
19	4	8350	\N
20	6	7628	\N
21	1	8035	\N
22	5	7525	\N
22	2	8050	\N
23	3	7525	\N
24	4	8050	\N
25	6	8035	\N
26	6	7625	\N
26	5	7750	\N
26	4	8442	\N
26	3	7625	\N
26	2	8442	\N
26	1	7750	\N
27	1	8442	\N
28	5	7625	\N
28	2	7750	\N
29	3	7625	\N
30	4	7750	\N
31	6	8442	\N
32	6	7725	\N
32	5	7450	\N
32	4	8849	\N
32	3	7725	\N
32	2	8849	\N
32	1	7450	\N
33	1	8849	\N
34	5	7725	\N
34	2	7450	\N
35	3	7725	\N
36	4	7450	\N
37	6	8849	\N
38	6	7825	\N
38	5	7150	\N
38	4	9256	\N
38	3	7825	\N
38	2	9256	\N
38	1	7150	\N
39	1	9256	\N
40	5	7825	\N
40	2	7150	\N
41	3	7825	\N
42	4	7150	\N
43	6	9256	\N
\.


--
-- Data for Name: submissions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.submissions (id, submission_uuid, period_id, opd_id, content_sha256, request_id, stored_at, kind, submitter_opd_id) FROM stdin;
1	\\x109f9a60fe990167cc76f86563578689	1	1	\\x1547610f9dd6d0c55e780fa5df1453a7eab11b3a88806062cb791b25421955cf	4343233589446987269	2026-12-01 13:10:40.871591+00	verified	1
2	\\xd2c93da1eebcafff3666c0d642cb2560	1	1	\\x813beb854a36ad577da80abd9e1d8e3606007859ad0e89a4993b3059ad5b23ee	4203116153265224528	2026-12-01 13:10:40.937715+00	verified	2
3	\\x8a994eb7a99afe9e44842cd42ccff171	1	1	\\xd8868bae814f6e75d4e4f783fded842185ed8e54ddb416a450605c7761f869c2	6364431316018259203	2026-12-01 13:10:40.98728+00	verified	3
4	\\xb55eca06fbc8ef8fe850a8716f2e5de4	1	1	\\x16832a7bb8f808b843a071af3dba7af6ff14e88d446917da62a7b7d723fcf9cd	3792467578995938348	2026-12-01 13:10:41.050607+00	verified	4
5	\\xdc275c4f74247d38000fd88d49b5181a	1	1	\\xbf57c295ddb360954860a3bb803e45fe356abbae6a5746141b1fd86a844c2d0b	8596700307112795339	2026-12-01 13:10:41.112225+00	verified	5
6	\\x364143b6d0ff9e849297e6f094d46de7	1	2	\\x337993f378606dc215372ad1d6d05aca3700a9003991288c46000e71eef1a0e5	6806180433769716542	2026-12-01 13:10:41.154585+00	verified	1
7	\\xed0f50e09a2208257f84af85d3455421	1	2	\\xe135d49d1950bbaefb5f50c4cd338a7d9bf0fe2daa9d90d9a19f04bb9fe6bc9c	3487975681895691312	2026-12-01 13:10:41.22308+00	verified	2
8	\\xbb5a988e98848b7b0c15e8f3c2c8154d	1	2	\\x097d2f7b726c46e80f1869c2474acf53b7ddeec952a49a4270c816fb12afb1d1	380424968211467173	2026-12-01 13:10:41.271382+00	verified	3
9	\\xf8aa803ef2562ea0e2d300ae6baa7680	1	2	\\xb7ea953309ba61ff1866e95075fdafbf11f19bedacac0946c55db080a58b8dcf	2409937142924962033	2026-12-01 13:10:41.345924+00	verified	4
10	\\xc7ff2051ca55c543d1400d9617343f9d	1	2	\\x2bd7fe1ad7c87cad1eaea8ae49825d5daf3438ec80c425f8f0b24f9468481866	2981417972630302855	2026-12-01 13:10:41.406188+00	verified	5
11	\\x81f4a5351d2053c302a82dc3c97bc52a	1	3	\\x8763d1cde96635e6d1ffd4153d775affa4f4673081144b7a0def477e98750c86	7424454585466710172	2026-12-01 13:10:41.472815+00	verified	1
12	\\x7e99418aaba9ec9944144419520d06f1	1	3	\\xc25c78d3c5e2b6090b134a083b9db82ed0a47a197d5400ab4dc017fc3952ae0d	8984578243333978830	2026-12-01 13:10:41.529969+00	verified	2
13	\\x087d43987d678bdeed68b1e7a61ecac1	1	3	\\x56b7aa4f2274abeb098cf1fa182737fe1538d5fb140f8e3eb154c59ebf72f28c	561994654856952086	2026-12-01 13:10:41.595271+00	verified	3
14	\\x29d05d03533434247ce9ca36574c6307	1	3	\\xeec488637fa10f9fc250dc35d3d3e3dbe4957ff0ba689be1e5abd4c695767252	9213409344294087581	2026-12-01 13:10:41.654411+00	verified	4
15	\\xd6e3721d3accc791c712d6233bc9abab	1	3	\\xd0c33fb0d9c6467008c0fefac18a9cb9b94e92c3f4709b97e3c0c6d97e9cb263	6438381682204703664	2026-12-01 13:10:41.733209+00	verified	5
16	\\x030579f775e90f67900694743dbc283a	1	4	\\x61a6954b2c2af487e1f5d7fadc3ae021394f66309d0847f25b39609f68f64050	1297855156997887803	2026-12-01 13:10:41.765371+00	verified	1
17	\\x6c07bf5eb6a65ba1972fb642de4d9b41	1	4	\\x6a500523ff9855f2a9719917fbedb4c26c95fdfe3f4043c64ba1e27c8eb6efc4	947469490839354154	2026-12-01 13:10:41.811843+00	verified	2
18	\\x48826b9309400df7cfca317dbeef8f54	1	4	\\x374ad41df8285ee89bb916dcf1e7c81b5d9fe2396e046c885618c282a9f028c5	2238120551857516879	2026-12-01 13:10:41.86125+00	verified	3
19	\\x9d1ffc03782e25c6da437bdc0e73c3ff	1	4	\\x9501e6da54587a1aa13eb9eccf9ade4f92bca6f9e2dbbfbedef69b26bff673b7	8809057431109643954	2026-12-01 13:10:41.92863+00	verified	4
20	\\x276b35d9624722d13e89b33122be0153	1	4	\\xf731d4382838db8b6028d47093c1105defbd783fab07f8e5351c533565eac62a	5446997060979473030	2026-12-01 13:10:41.960104+00	verified	5
21	\\x33781fd05f24a8c9a9616abdc4f203c5	1	5	\\xcf9f9c7af26e01396cf628a958a9ffc8ebafbdc37c77b283f83bd3f8f4f388d9	2148295279333262202	2026-12-01 13:10:41.992701+00	verified	1
22	\\x4b9423843558dd70f5c477eeef5392c2	1	5	\\x4d8e1de71dc2a024dafb3978c0de90bbb75903dec0903d9a9bb4e4f9014c8eb3	7011045753833798431	2026-12-01 13:10:42.080257+00	verified	2
23	\\x1c3b6824fe0180b8fdb7e2f4d24ab5fd	1	5	\\x2ee4763fe4d8c4ef56b5b779a27e6730176e27696fc763e9391862dd4bd9271d	4970775080639854582	2026-12-01 13:10:42.129015+00	verified	3
24	\\x5c0d33b820fb67e42a11fe1417f8ae16	1	5	\\x6516cc6bff5e7291734e3eba9924aeda8dee27e5316a73105388cde51150c0bc	4268866777406816084	2026-12-01 13:10:42.196713+00	verified	4
25	\\x18cf6466fe0669ce1daddc0c6eb42bba	1	5	\\x81c6301ad7de6e08f63aa1b397b98664555cd40fe15b38b72aa2d46e23201d45	3493755942709691939	2026-12-01 13:10:42.267281+00	verified	5
26	\\x9628321bb394364ff6e525b350bb8c77	1	6	\\x1e1509110d9e5bc18e99b57ba27b9a088bfa252804f6ad5459d233de09ff127e	695941824677629615	2026-12-01 13:10:42.339455+00	self	6
27	\\x1e889081d2c5e1b715838601123d213b	1	6	\\x32e9b681cf34d6085edfb115cbee568086fc619e96548d1d78a5c3e3c8e230e7	1693993058233018681	2026-12-01 13:10:42.379059+00	verified	1
28	\\xe872bf412d7ebfb9bed3ca389d633021	1	6	\\xce379a98a6a494d713980275fc479bf2058da9f34b43cc1929dec44ee78b386c	4540462537109942090	2026-12-01 13:10:42.6396+00	verified	2
29	\\x4f47a3357d48ff63457340998d4ddc6d	1	6	\\xd2215f5cb6e06d2206f15bc84a31ae74e52a1ef3d2d3c94206ca31f7fdb7e409	3454804202850107697	2026-12-01 13:10:42.680442+00	verified	3
30	\\x26d0d25824168c633a3f3830fd95e8c3	1	6	\\xd13f4331a056a32c44b15671c3b54eaa893d1b55462fa6152cf7375823c41355	9046579202014078319	2026-12-01 13:10:42.713204+00	verified	4
31	\\x071193c2e8fe7f8f1272854bdea9d0c7	1	6	\\xefbc299bd25f12b50160b59ce2dfc23e7f872194634014b2ce136baae8079ea5	3463241718304136927	2026-12-01 13:10:42.776757+00	verified	5
32	\\x20e2e4f60b63958f3f094856aba63bd2	1	7	\\xf5b4594d1a3ff1e2f2c6e32bbbf5351ca7c90c3aac21314dcb796f7598156437	398560355612744272	2026-12-01 13:10:42.828793+00	self	7
33	\\xeb4c78c3a680807e294a0d9f8ba6d26d	1	7	\\x54ac91ab7771f6d1b618306055218411fdf97a0bf2ac432d2e0ce113cad51943	92901500224900155	2026-12-01 13:10:42.91127+00	verified	1
34	\\xaf6106ab16b188e7885e8852a71774ec	1	7	\\x2012b30b9017130cc83222dea8a588c290328cec2fea8e31220b058517be0e7e	8259193965081550355	2026-12-01 13:10:43.000915+00	verified	2
35	\\x664a933c136a0ac4e94d296a10db4e78	1	7	\\xbae36fb81dee70ff5034d19c03de72181140abac8295eb9e68e6cf79dea94558	7405761596409530311	2026-12-01 13:10:43.073001+00	verified	3
36	\\x4d43f43795c5e4c64089f6cc509b4f4a	1	7	\\xd0a37ca096bccb7969310b384354910b24b3ca7d133a00650d0a57d77f12c8e8	584919179838847864	2026-12-01 13:10:43.152849+00	verified	4
37	\\x31ba4d82bac933acd9583238d38e0d70	1	7	\\xddafe4ac6f27c3213856533e5102476be960ecdcb4edf0175b83cb1a05ce8cda	1169892323941753912	2026-12-01 13:10:43.230815+00	verified	5
38	\\x4e7bc9e09741f7d0e3f2a3eda7c91688	1	8	\\x724d64c84d1285d99a27186afdf5679015a175d6b7ba4a2f468ccd55f414de8e	1083506250522094569	2026-12-01 13:10:43.302911+00	self	8
39	\\x44a22b21a4f119365b9c482452334126	1	8	\\x901e71f7c6fd289e059cc0eec551170cc98878217208867de53708e191da1149	1805712633586256449	2026-12-01 13:10:43.369343+00	verified	1
40	\\x6fdea4bd24b6c288d457a4972bccabeb	1	8	\\x738e6736180ab66dadb0034b8380878967470f64c65d05c21a9765cbd7a7af34	7205659339748490982	2026-12-01 13:10:43.455962+00	verified	2
41	\\xae2225c78b171ad7bbf536a61ed558d2	1	8	\\x46982cf0747490b8489582d1f55229d2721c24dae559de450887f337fdc0a40d	8152805564129762823	2026-12-01 13:10:43.518421+00	verified	3
42	\\xf6450451c09bbb077db50934b4f4c8f3	1	8	\\xc8d42cbac44e65391cb5eb661c6ce3aa90d886219161347410a3c847d9a5d5f3	7891343954857485914	2026-12-01 13:10:43.565246+00	verified	4
43	\\xce18bf91882645d87907c5b5d25750f1	1	8	\\xba3eb299a073ae72b037e450f9b224146eec9fb66910d2405421d546e48f0ed9	3105437328559343441	2026-12-01 13:10:43.639754+00	verified	5
\.


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 55, true);


--
-- Name: client_keys_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.client_keys_id_seq', 9, true);


--
-- Name: objections_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.objections_id_seq', 1, false);


--
-- Name: opds_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.opds_id_seq', 8, true);


--
-- Name: period_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.period_events_id_seq', 3, true);


--
-- Name: periods_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.periods_id_seq', 1, true);


--
-- Name: submissions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.submissions_id_seq', 43, true);


--
-- Name: admin_requests admin_requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admin_requests
    ADD CONSTRAINT admin_requests_pkey PRIMARY KEY (public_key, actor, request_id);


--
-- Name: assessor_defaults assessor_defaults_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessor_defaults
    ADD CONSTRAINT assessor_defaults_pkey PRIMARY KEY (component_id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: client_keys client_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_keys
    ADD CONSTRAINT client_keys_pkey PRIMARY KEY (id);


--
-- Name: client_keys client_keys_public_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_keys
    ADD CONSTRAINT client_keys_public_key_key UNIQUE (public_key);


--
-- Name: components components_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.components
    ADD CONSTRAINT components_code_key UNIQUE (code);


--
-- Name: components components_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.components
    ADD CONSTRAINT components_pkey PRIMARY KEY (id);


--
-- Name: objections objections_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objections
    ADD CONSTRAINT objections_pkey PRIMARY KEY (id);


--
-- Name: opd_base_tpp opd_base_tpp_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opd_base_tpp
    ADD CONSTRAINT opd_base_tpp_pkey PRIMARY KEY (period_id, opd_id);


--
-- Name: opds opds_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opds
    ADD CONSTRAINT opds_code_key UNIQUE (code);


--
-- Name: opds opds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opds
    ADD CONSTRAINT opds_pkey PRIMARY KEY (id);


--
-- Name: period_assessors period_assessors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_assessors
    ADD CONSTRAINT period_assessors_pkey PRIMARY KEY (period_id, component_id);


--
-- Name: period_events period_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_events
    ADD CONSTRAINT period_events_pkey PRIMARY KEY (id);


--
-- Name: period_weights period_weights_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_weights
    ADD CONSTRAINT period_weights_pkey PRIMARY KEY (period_id, component_id);


--
-- Name: periods periods_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periods
    ADD CONSTRAINT periods_code_key UNIQUE (code);


--
-- Name: periods periods_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periods
    ADD CONSTRAINT periods_pkey PRIMARY KEY (id);


--
-- Name: ranking_entries ranking_entries_period_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ranking_entries
    ADD CONSTRAINT ranking_entries_period_id_position_key UNIQUE (period_id, "position");


--
-- Name: ranking_entries ranking_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ranking_entries
    ADD CONSTRAINT ranking_entries_pkey PRIMARY KEY (period_id, opd_id);


--
-- Name: rankings rankings_digest_present; Type: CHECK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.rankings
    ADD CONSTRAINT rankings_digest_present CHECK ((digest IS NOT NULL)) NOT VALID;


--
-- Name: rankings rankings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rankings
    ADD CONSTRAINT rankings_pkey PRIMARY KEY (period_id);


--
-- Name: rankings rankings_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rankings
    ADD CONSTRAINT rankings_seq_key UNIQUE (seq);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: scores scores_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scores
    ADD CONSTRAINT scores_pkey PRIMARY KEY (submission_id, component_id);


--
-- Name: submissions submissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.submissions
    ADD CONSTRAINT submissions_pkey PRIMARY KEY (id);


--
-- Name: submissions submissions_submission_uuid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.submissions
    ADD CONSTRAINT submissions_submission_uuid_key UNIQUE (submission_uuid);


--
-- Name: admin_requests_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX admin_requests_at ON public.admin_requests USING btree (at);


--
-- Name: audit_log_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_at ON public.audit_log USING btree (at);


--
-- Name: objections_one_open; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX objections_one_open ON public.objections USING btree (period_id, opd_id, component_id) WHERE (status = 'open'::text);


--
-- Name: objections_period; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX objections_period ON public.objections USING btree (period_id, id);


--
-- Name: submissions_period_opd; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX submissions_period_opd ON public.submissions USING btree (period_id, opd_id, id);


--
-- Name: period_assessors assessors_no_truncate_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER assessors_no_truncate_final BEFORE TRUNCATE ON public.period_assessors FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();


--
-- Name: period_assessors assessors_not_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER assessors_not_final BEFORE INSERT OR DELETE OR UPDATE ON public.period_assessors FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();


--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: opd_base_tpp base_tpp_no_truncate_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER base_tpp_no_truncate_final BEFORE TRUNCATE ON public.opd_base_tpp FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();


--
-- Name: opd_base_tpp base_tpp_not_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER base_tpp_not_final BEFORE INSERT OR DELETE OR UPDATE ON public.opd_base_tpp FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();


--
-- Name: client_keys client_keys_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER client_keys_notify AFTER INSERT OR DELETE OR UPDATE ON public.client_keys FOR EACH ROW EXECUTE FUNCTION public.rapor_key_notify();


--
-- Name: client_keys client_keys_notify_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER client_keys_notify_truncate AFTER TRUNCATE ON public.client_keys FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_keys_notify_all();


--
-- Name: client_keys client_keys_revoke_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER client_keys_revoke_only BEFORE DELETE OR UPDATE ON public.client_keys FOR EACH ROW EXECUTE FUNCTION public.rapor_key_change();


--
-- Name: components components_id_kept; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER components_id_kept BEFORE UPDATE OF id ON public.components FOR EACH ROW EXECUTE FUNCTION public.rapor_id_kept();


--
-- Name: components components_never_deleted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER components_never_deleted BEFORE DELETE ON public.components FOR EACH ROW EXECUTE FUNCTION public.rapor_never_deleted();


--
-- Name: objections objections_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER objections_guard BEFORE INSERT OR DELETE OR UPDATE ON public.objections FOR EACH ROW EXECUTE FUNCTION public.rapor_objection_guard();


--
-- Name: objections objections_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER objections_no_truncate BEFORE TRUNCATE ON public.objections FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_objection_no_truncate();


--
-- Name: opds opds_id_kept; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER opds_id_kept BEFORE UPDATE OF id ON public.opds FOR EACH ROW EXECUTE FUNCTION public.rapor_id_kept();


--
-- Name: opds opds_kept; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER opds_kept BEFORE DELETE ON public.opds FOR EACH ROW EXECUTE FUNCTION public.rapor_opd_unnamed();


--
-- Name: opds opds_notify_keys; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER opds_notify_keys AFTER DELETE OR UPDATE OR TRUNCATE ON public.opds FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_keys_notify_all();


--
-- Name: period_events period_events_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER period_events_append_only BEFORE DELETE OR UPDATE ON public.period_events FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: period_events period_events_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER period_events_no_truncate BEFORE TRUNCATE ON public.period_events FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: period_events period_events_not_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER period_events_not_final BEFORE INSERT ON public.period_events FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();


--
-- Name: periods periods_born; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER periods_born BEFORE INSERT ON public.periods FOR EACH ROW EXECUTE FUNCTION public.rapor_period_transition();


--
-- Name: periods periods_id_kept; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER periods_id_kept BEFORE UPDATE OF id ON public.periods FOR EACH ROW EXECUTE FUNCTION public.rapor_id_kept();


--
-- Name: periods periods_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER periods_no_truncate BEFORE TRUNCATE ON public.periods FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_never_deleted();


--
-- Name: periods periods_transition; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER periods_transition BEFORE DELETE OR UPDATE ON public.periods FOR EACH ROW EXECUTE FUNCTION public.rapor_period_transition();


--
-- Name: ranking_entries ranking_entries_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ranking_entries_append_only BEFORE DELETE OR UPDATE ON public.ranking_entries FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: ranking_entries ranking_entries_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ranking_entries_no_truncate BEFORE TRUNCATE ON public.ranking_entries FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: ranking_entries ranking_entries_refer; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ranking_entries_refer AFTER INSERT ON public.ranking_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_ranking_entries_refer();


--
-- Name: rankings rankings_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER rankings_append_only BEFORE DELETE OR UPDATE ON public.rankings FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: rankings rankings_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER rankings_no_truncate BEFORE TRUNCATE ON public.rankings FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: rankings rankings_not_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER rankings_not_final BEFORE INSERT ON public.rankings FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();


--
-- Name: scores scores_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER scores_append_only BEFORE DELETE OR UPDATE ON public.scores FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: scores scores_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER scores_no_truncate BEFORE TRUNCATE ON public.scores FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: scores scores_refer; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER scores_refer AFTER INSERT ON public.scores REFERENCING NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_scores_refer();


--
-- Name: submissions submissions_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER submissions_append_only BEFORE DELETE OR UPDATE ON public.submissions FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: submissions submissions_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER submissions_no_truncate BEFORE TRUNCATE ON public.submissions FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_change();


--
-- Name: submissions submissions_refer; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER submissions_refer AFTER INSERT ON public.submissions REFERENCING NEW TABLE AS new_submissions FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_submissions_refer();


--
-- Name: period_weights weights_no_truncate_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER weights_no_truncate_final BEFORE TRUNCATE ON public.period_weights FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_refuse_truncate_if_final();


--
-- Name: period_weights weights_not_final; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER weights_not_final BEFORE INSERT OR DELETE OR UPDATE ON public.period_weights FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();


--
-- Name: assessor_defaults assessor_defaults_component_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessor_defaults
    ADD CONSTRAINT assessor_defaults_component_id_fkey FOREIGN KEY (component_id) REFERENCES public.components(id);


--
-- Name: assessor_defaults assessor_defaults_opd_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessor_defaults
    ADD CONSTRAINT assessor_defaults_opd_id_fkey FOREIGN KEY (opd_id) REFERENCES public.opds(id);


--
-- Name: client_keys client_keys_opd_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_keys
    ADD CONSTRAINT client_keys_opd_id_fkey FOREIGN KEY (opd_id) REFERENCES public.opds(id);


--
-- Name: objections objections_component_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objections
    ADD CONSTRAINT objections_component_id_fkey FOREIGN KEY (component_id) REFERENCES public.components(id);


--
-- Name: objections objections_opd_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objections
    ADD CONSTRAINT objections_opd_id_fkey FOREIGN KEY (opd_id) REFERENCES public.opds(id);


--
-- Name: objections objections_period_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objections
    ADD CONSTRAINT objections_period_id_fkey FOREIGN KEY (period_id) REFERENCES public.periods(id);


--
-- Name: opd_base_tpp opd_base_tpp_opd_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opd_base_tpp
    ADD CONSTRAINT opd_base_tpp_opd_id_fkey FOREIGN KEY (opd_id) REFERENCES public.opds(id);


--
-- Name: opd_base_tpp opd_base_tpp_period_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opd_base_tpp
    ADD CONSTRAINT opd_base_tpp_period_id_fkey FOREIGN KEY (period_id) REFERENCES public.periods(id);


--
-- Name: period_assessors period_assessors_component_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_assessors
    ADD CONSTRAINT period_assessors_component_id_fkey FOREIGN KEY (component_id) REFERENCES public.components(id);


--
-- Name: period_assessors period_assessors_opd_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_assessors
    ADD CONSTRAINT period_assessors_opd_id_fkey FOREIGN KEY (opd_id) REFERENCES public.opds(id);


--
-- Name: period_assessors period_assessors_period_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_assessors
    ADD CONSTRAINT period_assessors_period_id_fkey FOREIGN KEY (period_id) REFERENCES public.periods(id);


--
-- Name: period_events period_events_period_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_events
    ADD CONSTRAINT period_events_period_id_fkey FOREIGN KEY (period_id) REFERENCES public.periods(id);


--
-- Name: period_weights period_weights_component_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_weights
    ADD CONSTRAINT period_weights_component_id_fkey FOREIGN KEY (component_id) REFERENCES public.components(id);


--
-- Name: period_weights period_weights_period_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.period_weights
    ADD CONSTRAINT period_weights_period_id_fkey FOREIGN KEY (period_id) REFERENCES public.periods(id);


--
-- Name: rankings rankings_period_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rankings
    ADD CONSTRAINT rankings_period_id_fkey FOREIGN KEY (period_id) REFERENCES public.periods(id);


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO rapor_app;


--
-- Name: TABLE admin_requests; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE public.admin_requests TO rapor_app;


--
-- Name: TABLE assessor_defaults; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.assessor_defaults TO rapor_app;


--
-- Name: TABLE audit_log; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.audit_log TO rapor_app;


--
-- Name: SEQUENCE audit_log_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.audit_log_id_seq TO rapor_app;


--
-- Name: TABLE client_keys; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.client_keys TO rapor_app;


--
-- Name: SEQUENCE client_keys_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.client_keys_id_seq TO rapor_app;


--
-- Name: TABLE components; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.components TO rapor_app;


--
-- Name: TABLE opds; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.opds TO rapor_app;


--
-- Name: TABLE periods; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.periods TO rapor_app;


--
-- Name: TABLE scores; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.scores TO rapor_app;


--
-- Name: TABLE submissions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.submissions TO rapor_app;


--
-- Name: TABLE current_scores; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.current_scores TO rapor_app;


--
-- Name: TABLE objections; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.answer; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(answer) ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.corrected_centi; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(corrected_centi) ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.correction_submission_id; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(correction_submission_id) ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.answered_by; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(answered_by) ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.answered_role; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(answered_role) ON TABLE public.objections TO rapor_app;


--
-- Name: COLUMN objections.answered_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(answered_at) ON TABLE public.objections TO rapor_app;


--
-- Name: SEQUENCE objections_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.objections_id_seq TO rapor_app;


--
-- Name: TABLE opd_base_tpp; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.opd_base_tpp TO rapor_app;


--
-- Name: SEQUENCE opds_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.opds_id_seq TO rapor_app;


--
-- Name: TABLE period_assessors; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.period_assessors TO rapor_app;


--
-- Name: TABLE period_events; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.period_events TO rapor_app;


--
-- Name: SEQUENCE period_events_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.period_events_id_seq TO rapor_app;


--
-- Name: TABLE period_weights; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.period_weights TO rapor_app;


--
-- Name: SEQUENCE periods_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.periods_id_seq TO rapor_app;


--
-- Name: TABLE ranking_entries; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.ranking_entries TO rapor_app;


--
-- Name: TABLE rankings; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.rankings TO rapor_app;


--
-- Name: TABLE schema_version; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.schema_version TO rapor_app;


--
-- Name: SEQUENCE submissions_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT USAGE ON SEQUENCE public.submissions_id_seq TO rapor_app;


--
-- PostgreSQL database dump complete
--

\unrestrict oFpANzMLuiuGpIgKAUkfF1TueAd9LIBBafrMZkpdLTXoyauY2Y1Re0xxZsAE7KT

