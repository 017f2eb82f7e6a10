-- 010: a finalized period's lifecycle events cannot be added to either.
--
-- 006 made period_events append-only (no UPDATE, DELETE or TRUNCATE), but
-- an INSERT could still add, say, a forged 'reopen' to a finalized period.
-- Finalization writes its own 'finalize' event before it marks the period
-- finalized, in the same transaction, so this refuses only what comes after.
CREATE TRIGGER period_events_not_final BEFORE INSERT ON public.period_events
    FOR EACH ROW EXECUTE FUNCTION public.rapor_refuse_if_final();
