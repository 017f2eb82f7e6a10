-- Test fixture on top of the demo OPDs: periods in every state, and an
-- OPD that is no longer active.
INSERT INTO opds (code, name, kind, active) VALUES
    ('TEST_INACTIVE', 'Kantor yang sudah dibubarkan', 'kantor', false);
INSERT INTO periods (code, status) VALUES
    ('2024-Q2', 'open'),
    ('2024-Q1', 'closed'),
    ('2023-Q4', 'finalized');
