-- Test fixture on top of the demo OPDs: periods in every state, and an
-- OPD that is no longer active. Periods get the default assessors, as
-- rapor-admin's open would give them.
INSERT INTO opds (code, name, kind, active) VALUES
    ('TEST_INACTIVE', 'Kantor yang sudah dibubarkan', 'kantor', false);
INSERT INTO periods (code, status) VALUES
    ('2024-Q2', 'open'),
    ('2024-Q1', 'closed');
INSERT INTO period_assessors (period_id, component_id, opd_id)
SELECT p.id, d.component_id, d.opd_id FROM periods p CROSS JOIN assessor_defaults d;
-- A finalized period with an empty ranking, as finalization leaves it.
INSERT INTO periods (code, status) VALUES ('2023-Q4', 'closed');
-- Its digest is that of the canonical encoding (docs/PROTOCOL.md) of an
-- empty ranking finalized at 2024-01-05 00:00:00 UTC.
INSERT INTO rankings (period_id, seq, finalized_at, finalized_by, weights, reward_n,
                      reward_pct, punish_pct, digest)
SELECT id, 1, '2024-01-05 00:00:00+00', 'INSPEKTORAT', '{1,1,1,1,1,1}', 5, 15, 15,
       encode(sha256(convert_to(E'rapor-ranking-digest/1\nperiod=2023-Q4\nrevision=1\nseq=1\n'
           || E'finalized_at_us=1704412800000000\nfinalized_by=INSPEKTORAT\nweights=1,1,1,1,1,1\n'
           || E'reward_n=5\nreward_pct=15\npunish_pct=15\nforce_reason=\nentries=0\n', 'UTF8')), 'hex')
  FROM periods WHERE code = '2023-Q4';
UPDATE periods SET status = 'finalized', finalized_at = now(), finalized_by = 'INSPEKTORAT'
 WHERE code = '2023-Q4';
