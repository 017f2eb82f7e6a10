-- card-quarter.sql: one closed quarter with a realistic spread of scores,
-- for bench/run-card.sh (psql -v q=2024-Q3 -v skip=CODE). Setup only:
-- finalizing goes through rapor-admin, so the rankings are rapord's own.
--   every active OPD: six verified scores around its own level (which
--   drifts a little from quarter to quarter) and a slightly generous
--   self-assessment; base TPP for all but every eleventh OPD; the OPD
--   named by :skip lacks its pengadaan score (an incomplete card).
INSERT INTO periods (code, status) VALUES (:'q', 'closed');
INSERT INTO period_assessors (period_id, component_id, opd_id)
SELECT p.id, d.component_id, d.opd_id FROM periods p CROSS JOIN assessor_defaults d
 WHERE p.code = :'q';
CREATE TEMP TABLE level AS
SELECT o.id AS opd_id, c.id AS component_id,
       least(10000, greatest(0,
           (62 + (hashtext(o.code) & 1023) % 28 + (hashtext(o.code || :'q') & 1023) % 9 - 4
               + (hashtext(o.code || :'q' || c.id) & 1023) % 17 - 8) * 100
           + (hashtext(c.id || o.code || :'q') & 1023) % 100)) AS centi
  FROM opds o CROSS JOIN components c
 WHERE o.active AND NOT (o.code = :'skip' AND c.code = 'pengadaan');
WITH s AS (
    INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256, request_id,
                             kind, submitter_opd_id)
    SELECT substring(sha256(convert_to(k || o.id || :'q', 'UTF8')) FROM 1 FOR 16), p.id, o.id,
           sha256(convert_to(k || o.id || :'q', 'UTF8')), 0, k, o.id
      FROM opds o CROSS JOIN periods p CROSS JOIN (VALUES ('verified'), ('self')) AS kinds (k)
     WHERE o.active AND p.code = :'q'
    RETURNING id, opd_id, kind)
INSERT INTO scores (submission_id, component_id, score_centi)
SELECT s.id, l.component_id,
       CASE WHEN s.kind = 'self' THEN least(10000, l.centi + (l.centi * 7) % 600) ELSE l.centi END
  FROM s JOIN level l ON l.opd_id = s.opd_id;
INSERT INTO opd_base_tpp (period_id, opd_id, amount)
SELECT p.id, o.id, (40 + (hashtext(o.code) & 1023) % 80) * 5000000
  FROM opds o CROSS JOIN periods p
 WHERE o.active AND p.code = :'q' AND o.id % 11 <> 5;
DROP TABLE level;
