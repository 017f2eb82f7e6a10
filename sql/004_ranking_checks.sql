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
--     renumbered (the trigger on opds below). The deleting transaction
--     first locks ranking_entries against writers, so it cannot slip in
--     between a finalization's check and its commit.

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

CREATE FUNCTION rapor_opd_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'an OPD keeps its id (%)', OLD.code USING ERRCODE = 'restrict_violation';
    END IF;
    -- Waits for any finalization in progress, then sees what it wrote.
    LOCK TABLE ranking_entries IN SHARE MODE;
    IF EXISTS (SELECT 1 FROM ranking_entries WHERE opd_id = OLD.id) THEN
        RAISE EXCEPTION 'OPD % is in a finalized ranking; deactivate it instead', OLD.code
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER opds_kept BEFORE UPDATE OR DELETE ON opds
    FOR EACH ROW EXECUTE FUNCTION rapor_opd_kept();
