-- 008_digest.sql: a finalized ranking carries its SHA-256 digest and, if it
-- was finalized although incomplete, the reason given.
--
-- The digest is computed by rapord over the canonical encoding of the
-- ranking (docs/PROTOCOL.md, "The ranking digest"), from the ranking
-- exactly as it is written here, and broadcast with it. `rapor-admin
-- verify` recomputes it from these rows, so a row changed behind the
-- triggers' back (the owner can disable them) is found.
--
-- Rankings finalized before this migration have no digest (NULL); verify
-- reports them as unverifiable rather than guessing. Every ranking
-- stored from now on must have one: the CHECK is NOT VALID so it binds
-- new rows only.

ALTER TABLE rankings
    ADD COLUMN digest text CHECK (digest ~ '^[0-9a-f]{64}$'),
    ADD COLUMN force_reason text NOT NULL DEFAULT ''
        CHECK (octet_length(force_reason) <= 2000);

ALTER TABLE rankings
    ADD CONSTRAINT rankings_digest_present CHECK (digest IS NOT NULL) NOT VALID;
