-- 001_init.sql: OPDs, components, periods, submissions and scores.
--
-- Applied by deploy/rapor-migrate inside one transaction, which also
-- records the version in schema_version. Scores are integer hundredths
-- (8750 = 87.50): no floating point is stored anywhere.

CREATE TABLE schema_version (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE opds (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,16}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('dinas', 'badan', 'bagian', 'kecamatan',
                                              'sekretariat', 'inspektorat', 'satuan',
                                              'rumah_sakit', 'kantor')),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The six components; ids are the wire ids (docs/PROTOCOL.md) and must
-- match common/component.c, which rapord checks at start.
CREATE TABLE components (
    id          smallint PRIMARY KEY CHECK (id BETWEEN 1 AND 6),
    code        text NOT NULL UNIQUE,
    name_id     text NOT NULL,
    gloss_en    text NOT NULL
);

INSERT INTO components (id, code, name_id, gloss_en) VALUES
    (1, 'pengawasan',  'Pengawasan', 'Oversight'),
    (2, 'perencanaan', 'Perencanaan dan Pengendalian Pembangunan',
                       'Development planning and control'),
    (3, 'pelaporan',   'Pelaporan Kinerja', 'Performance reporting'),
    (4, 'anggaran',    'Pengelolaan Anggaran dan Barang Milik Daerah',
                       'Budget and regional asset management'),
    (5, 'inovasi',     'Inovasi', 'Innovation'),
    (6, 'pengadaan',   'Pengadaan Barang dan Jasa', 'Procurement of goods and services');

CREATE TABLE periods (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{4}-Q[1-4]$'),
    status      text NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'closed', 'finalized')),
    opened_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per accepted submission. submission_uuid is the client's 16-byte
-- id: unique, so a retry can never store twice. content_sha256 lets a retry
-- with the same id but different content be told apart and refused.
CREATE TABLE submissions (
    id              bigserial PRIMARY KEY,
    submission_uuid bytea NOT NULL UNIQUE CHECK (length(submission_uuid) = 16),
    period_id       integer NOT NULL REFERENCES periods (id),
    opd_id          integer NOT NULL REFERENCES opds (id),
    content_sha256  bytea NOT NULL CHECK (length(content_sha256) = 32),
    request_id      bigint NOT NULL,
    stored_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX submissions_period_opd ON submissions (period_id, opd_id, id);

CREATE TABLE scores (
    submission_id   bigint NOT NULL REFERENCES submissions (id),
    component_id    smallint NOT NULL REFERENCES components (id),
    score_centi     integer NOT NULL CHECK (score_centi BETWEEN 0 AND 10000),
    evidence        text CHECK (evidence IS NULL OR char_length(evidence) <= 1000),
    PRIMARY KEY (submission_id, component_id)
);

-- Append-only: history is evidence. Corrections are new submissions.
CREATE FUNCTION rapor_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only; send a new submission instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER submissions_append_only BEFORE UPDATE OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER scores_append_only BEFORE UPDATE OR DELETE ON scores
    FOR EACH ROW EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER submissions_no_truncate BEFORE TRUNCATE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_refuse_change();
CREATE TRIGGER scores_no_truncate BEFORE TRUNCATE ON scores
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_refuse_change();

-- The value that counts for each (period, OPD, component): the one from
-- the latest accepted submission that carried that component.
CREATE VIEW current_scores AS
SELECT DISTINCT ON (s.period_id, s.opd_id, sc.component_id)
       p.code  AS period,
       o.code  AS opd,
       c.code  AS component,
       sc.score_centi,
       sc.evidence,
       s.stored_at,
       s.submission_uuid
  FROM scores sc
  JOIN submissions s ON s.id = sc.submission_id
  JOIN periods p     ON p.id = s.period_id
  JOIN opds o        ON o.id = s.opd_id
  JOIN components c  ON c.id = sc.component_id
 ORDER BY s.period_id, s.opd_id, sc.component_id, s.id DESC;
