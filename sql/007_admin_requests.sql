-- 007_admin_requests.sql: the answer to every admin action that changed
-- something, so that a retry of the same request gets the same answer.
--
-- rapor-admin draws one random request_id per command and resends the
-- same request (Lazy Pirate) when no reply comes. If the first attempt
-- committed and only its reply was lost, the retry must not be refused
-- ("period already exists") as if nothing had happened: rapord looks the
-- request up here first and answers what it answered then. The row is
-- written in the action's own transaction, so it exists exactly when the
-- action does.
--
-- Only successful changes are kept: a rejection or a read changed nothing,
-- so running it again is as good as remembering it.

CREATE TABLE admin_requests (
    -- Who asked: the key (Z85), or '' in insecure plaintext development
    -- mode, where the claimed actor is all there is. With a key the actor
    -- is always the key's OPD.
    public_key   text NOT NULL CHECK (public_key = '' OR length(public_key) = 40),
    actor        text NOT NULL,
    -- The request's uint64 request_id; 0 (unset) is never remembered.
    request_id   numeric(20, 0) NOT NULL
                 CHECK (request_id > 0 AND request_id < 18446744073709551616),
    -- SHA-256 of the request as rapord re-encodes it: the same id sent
    -- with a different request is refused, not answered with this one.
    fingerprint  bytea NOT NULL CHECK (length(fingerprint) = 32),
    op           text NOT NULL,
    -- The reply's summary, as sent (bytes: it quotes names, cut to length).
    summary      bytea NOT NULL,
    -- The broadcast sequence number of the ranking the reply carried
    -- (finalize), to send the same ranking again.
    ranking_seq  bigint,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (public_key, actor, request_id)
);

-- Rows older than a week are deleted by rapord when it adds one: a client
-- retries for at most 100 attempts of at most 600 s (rapor-admin's own
-- limits, under 17 hours), and the audit log, not this table, is the
-- record. So the table holds one week of admin changes, a few hundred rows.
CREATE INDEX admin_requests_at ON admin_requests (at);

GRANT SELECT, INSERT, DELETE ON admin_requests TO rapor_app;
