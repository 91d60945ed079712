-- Sessions of people logged in with GitHub (the web pages and API). The cookie carries a random
-- session id; the table keeps only its SHA-256, so a copy of the database cannot be turned into a
-- cookie. The person's GitHub user token is needed later (per-repository read checks) and is kept
-- sealed with AES-GCM under a key derived from the OAuth client secret, which the database lacks.
CREATE TABLE web_sessions (
    id_hash      VARCHAR(64)   NOT NULL,
    login        VARCHAR(100)  NOT NULL,
    token_sealed VARCHAR(2000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Never later than created_at + the session lifetime, nor than the token's own expiry.
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_web_sessions PRIMARY KEY (id_hash)
);
CREATE INDEX ix_web_sessions_expires ON web_sessions (expires_at);
