-- Webhook deliveries: X-GitHub-Delivery is the idempotency key. A row is written (and committed)
-- before ACS answers 202, so an acknowledged delivery is never lost; the job that processes it
-- moves it RECEIVED -> QUEUED -> PROCESSING -> DONE (or RETRY -> ... -> FAILED).
CREATE TABLE deliveries (
    delivery_id     VARCHAR(100) NOT NULL,
    event           VARCHAR(64)  NOT NULL,
    action          VARCHAR(64),
    installation_id BIGINT,
    repo_full_name  VARCHAR(200),
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    -- With several handlers: how many (in registration order) succeeded, so a retry skips them.
    handlers_done   INT          NOT NULL DEFAULT 0,
    claim_token     VARCHAR(36),
    claimed_at      TIMESTAMP WITH TIME ZONE,
    processed_at    TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(2000),
    -- The exact signed bytes, so a delivery can be re-verified and replayed.
    payload         BYTEA        NOT NULL,
    CONSTRAINT uq_deliveries_delivery_id PRIMARY KEY (delivery_id)
);
-- The sweeper looks for RECEIVED rows whose job was never enqueued (crash between commit and enqueue).
CREATE INDEX ix_deliveries_status ON deliveries (status, received_at);

-- Installations of the GitHub App, kept from installation events (removed on uninstall).
CREATE TABLE installations (
    installation_id      BIGINT       NOT NULL,
    account_login        VARCHAR(100) NOT NULL,
    account_type         VARCHAR(32),
    repository_selection VARCHAR(16),
    app_id               BIGINT,
    suspended_at         TIMESTAMP WITH TIME ZONE,
    suspended_by         VARCHAR(100),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_installations PRIMARY KEY (installation_id)
);

CREATE TABLE installation_repositories (
    installation_id BIGINT       NOT NULL REFERENCES installations (installation_id) ON DELETE CASCADE,
    repository_id   BIGINT       NOT NULL,
    full_name       VARCHAR(200) NOT NULL,
    is_private      BOOLEAN      NOT NULL,
    added_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_installation_repositories PRIMARY KEY (installation_id, repository_id)
);
CREATE INDEX ix_installation_repositories_name ON installation_repositories (full_name);
