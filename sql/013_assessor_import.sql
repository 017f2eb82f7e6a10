-- rapor-admin opd import sets the default assessor of a component
-- (OPD_IMPORT's OpdRow.assesses): rapord may now write assessor_defaults,
-- which only the demo SQL filled before. The defaults are copied into a
-- period when it opens, so a change reaches only periods opened later.
GRANT INSERT, UPDATE ON assessor_defaults TO rapor_app;
