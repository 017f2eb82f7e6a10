-- 004: ranking entries are checked against their OPD and their ranking
-- once per statement instead of once per row.
--
-- Finalization writes a whole ranking (up to 30,000 OPDs, every regional
-- government in Indonesia) with one COPY. The two foreign keys of
-- ranking_entries cost two index probes and a row lock per row: about 400
-- of the 550 ms that COPY took at 30,000 rows. One set-based check after
-- each statement gives the same guarantee, provided neither parent can
-- change under it:
--   * rankings are append-only (002: no UPDATE, DELETE or TRUNCATE);
--   * an opds row named by a ranking entry can neither be deleted nor
--     renumbered (the triggers on opds below). The deleting transaction
--     first locks ranking_entries (and submissions) against writers, so it
--     cannot slip in between a finalization's check and its commit.

ALTER TABLE ranking_entries
    DROP CONSTRAINT ranking_entries_opd_id_fkey,
    DROP CONSTRAINT ranking_entries_period_id_fkey;

CREATE FUNCTION rapor_ranking_entries_refer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_entries n
                 LEFT JOIN opds o ON o.id = n.opd_id
                 LEFT JOIN rankings r ON r.period_id = n.period_id
                WHERE o.id IS NULL OR r.period_id IS NULL) THEN
        RAISE EXCEPTION 'a ranking entry names an OPD or a ranking that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ranking_entries_refer AFTER INSERT ON ranking_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION rapor_ranking_entries_refer();

-- A row's id never changes: whatever names the row by its id would lose it.
CREATE FUNCTION rapor_id_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION '% row % keeps its id', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER opds_id_kept BEFORE UPDATE OF id ON opds
    FOR EACH ROW EXECUTE FUNCTION rapor_id_kept();

-- An OPD that a submission or a ranking names is kept: deactivate it
-- instead. (Submissions still have their foreign keys here; 005 replaces
-- them and relies on this check.)
CREATE FUNCTION rapor_opd_unnamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Waits for any group commit or finalization in progress, then sees
    -- what it wrote.
    LOCK TABLE submissions, ranking_entries IN SHARE MODE;
    IF EXISTS (SELECT 1 FROM submissions WHERE opd_id = OLD.id OR submitter_opd_id = OLD.id)
       OR EXISTS (SELECT 1 FROM ranking_entries WHERE opd_id = OLD.id) THEN
        RAISE EXCEPTION 'OPD % has submissions or is in a ranking; deactivate it instead',
            OLD.code USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER opds_kept BEFORE DELETE ON opds
    FOR EACH ROW EXECUTE FUNCTION rapor_opd_unnamed();
