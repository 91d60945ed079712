-- One run per task at a time, on any node: a job holds the task's lease while it works and
-- renews it; a lease that is not renewed (the node died) expires and the next job takes over.
-- 'queued' marks a run that a trigger has queued and no job has started yet.
ALTER TABLE tasks ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE tasks ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
-- How often the task was started from the beginning (a restart after it ended): each start has its
-- own branch and its own steps.
ALTER TABLE tasks ADD COLUMN runs INT NOT NULL DEFAULT 0;
-- Transient faults met in a row (GitHub 5xx, rate limits, network, model providers, database):
-- the job waits and retries; past the limit the task ends FAILED naming the cause.
ALTER TABLE tasks ADD COLUMN waits INT NOT NULL DEFAULT 0;

-- The side effects a run has made (check run per head, reply per review comment, ready-for-review,
-- the pushed head): a retried or resumed job reads them and does not repeat what is recorded.
CREATE TABLE task_steps (
    task_id  VARCHAR(36)  NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    run      INT          NOT NULL,
    step     VARCHAR(120) NOT NULL,
    result   TEXT,
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_task_steps PRIMARY KEY (task_id, run, step)
);
