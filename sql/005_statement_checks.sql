-- 005: submissions and scores are checked against what they name once per
-- statement, not by foreign keys and a trigger call on every row.
--
-- Group commit stores some 32 submissions with their 192 scores in one
-- statement. Per row, the three foreign keys of a submission, the two of
-- each score and the finalized-period trigger were 40% of that statement
-- (pgbench, one group of 32: 4.2 ms with them, 2.5 ms with the checks
-- below). One set-based check after each statement gives the same
-- guarantee, because nothing it relies on can change under it:
--   * submissions are append-only (001);
--   * periods are never deleted (002) and keep their id (below);
--   * an OPD keeps its id and cannot be deleted while a submission or a
--     ranking names it (004); the deleting transaction first locks out
--     writers of both, so it cannot slip in between a check and the
--     commit of what was checked;
--   * components are never deleted nor renumbered (below).

ALTER TABLE scores
    DROP CONSTRAINT scores_submission_id_fkey,
    DROP CONSTRAINT scores_component_id_fkey;
ALTER TABLE submissions
    DROP CONSTRAINT submissions_period_id_fkey,
    DROP CONSTRAINT submissions_opd_id_fkey,
    DROP CONSTRAINT submissions_submitter_opd_id_fkey;
DROP TRIGGER submissions_not_final ON submissions;

CREATE FUNCTION rapor_submissions_refer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    final text;
BEGIN
    -- Each row probes its parents' primary keys (LATERAL ... LIMIT 1): a
    -- plan that hashed a whole parent table would grow with it.
    IF EXISTS (SELECT 1 FROM new_submissions n
                 LEFT JOIN LATERAL (SELECT true AS found FROM periods p
                                     WHERE p.id = n.period_id LIMIT 1) p ON true
                 LEFT JOIN LATERAL (SELECT true AS found FROM opds o
                                     WHERE o.id = n.opd_id LIMIT 1) o ON true
                 LEFT JOIN LATERAL (SELECT true AS found FROM opds so
                                     WHERE so.id = n.submitter_opd_id LIMIT 1) so ON true
                WHERE p.found IS NULL OR o.found IS NULL
                   OR (n.submitter_opd_id IS NOT NULL AND so.found IS NULL))
    THEN
        RAISE EXCEPTION 'a submission names a period or an OPD that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT p.code INTO final FROM new_submissions n
      JOIN LATERAL (SELECT code, status FROM periods p WHERE p.id = n.period_id LIMIT 1) p ON true
     WHERE p.status = 'finalized' LIMIT 1;
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'period % is finalized; INSERT on submissions is refused', final
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER submissions_refer AFTER INSERT ON submissions
    REFERENCING NEW TABLE AS new_submissions
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_submissions_refer();

CREATE FUNCTION rapor_scores_refer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_scores n
                 LEFT JOIN LATERAL (SELECT true AS found FROM submissions s
                                     WHERE s.id = n.submission_id LIMIT 1) s ON true
                 LEFT JOIN LATERAL (SELECT true AS found FROM components c
                                     WHERE c.id = n.component_id LIMIT 1) c ON true
                WHERE s.found IS NULL OR c.found IS NULL)
    THEN
        RAISE EXCEPTION 'a score names a submission or a component that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER scores_refer AFTER INSERT ON scores
    REFERENCING NEW TABLE AS new_scores
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_scores_refer();

-- Parents that keep what they are (rapor_id_kept is 004's; OPDs are kept
-- by 004's triggers, which already look at submissions).
CREATE TRIGGER periods_id_kept BEFORE UPDATE OF id ON periods
    FOR EACH ROW EXECUTE FUNCTION rapor_id_kept();
CREATE TRIGGER components_id_kept BEFORE UPDATE OF id ON components
    FOR EACH ROW EXECUTE FUNCTION rapor_id_kept();

CREATE FUNCTION rapor_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER components_never_deleted BEFORE DELETE ON components
    FOR EACH ROW EXECUTE FUNCTION rapor_never_deleted();
