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
INSERT INTO rankings (period_id, seq, finalized_at, finalized_by, weights, reward_n,
                      reward_pct, punish_pct)
SELECT id, 1, now(), 'INSPEKTORAT', '{1,1,1,1,1,1}', 5, 15, 15 FROM periods WHERE code = '2023-Q4';
UPDATE periods SET status = 'finalized', finalized_at = now(), finalized_by = 'INSPEKTORAT'
 WHERE code = '2023-Q4';
