-- 011: whoever changes a key, rapord hears of it at once.
--
-- rapord keeps a key's check for up to a second, so that a busy client does
-- not cost a query per request. A key revoked through rapord's own
-- KEY_REVOKE dropped that cache; one revoked with SQL (the owner, another
-- rapord on the same database) still got answers for up to a second.
-- These triggers NOTIFY channel rapor_keys; rapord LISTENs on every
-- connection and drops what it cached before it judges the next request.
-- Payload: the public key that changed, or '' for "any key" (an OPD
-- changed, so every key of it may be shut out or let in; a TRUNCATE).
-- NOTIFY is transactional: it is sent at COMMIT, and not at all on ROLLBACK.

CREATE FUNCTION public.rapor_key_notify() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_catalog.pg_notify('rapor_keys', OLD.public_key);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.public_key IS DISTINCT FROM OLD.public_key) THEN
        PERFORM pg_catalog.pg_notify('rapor_keys', NEW.public_key);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER client_keys_notify AFTER INSERT OR UPDATE OR DELETE ON public.client_keys
    FOR EACH ROW EXECUTE FUNCTION public.rapor_key_notify();

CREATE FUNCTION public.rapor_keys_notify_all() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM pg_catalog.pg_notify('rapor_keys', '');
    RETURN NULL;
END $$;

-- A key is accepted only while its OPD is active: deactivating an OPD
-- (OPD_DEACTIVATE, or SQL) shuts out its keys at once too.
CREATE TRIGGER opds_notify_keys AFTER UPDATE OR DELETE OR TRUNCATE ON public.opds
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_keys_notify_all();
CREATE TRIGGER client_keys_notify_truncate AFTER TRUNCATE ON public.client_keys
    FOR EACH STATEMENT EXECUTE FUNCTION public.rapor_keys_notify_all();
