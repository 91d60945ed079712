-- The deliveries table is the queue of webhook work: workers claim rows directly (no job per
-- delivery). A failed delivery waits for its next attempt here; QUEUED (a JobRunr job existed)
-- is gone, and such rows are simply waiting again.
ALTER TABLE deliveries ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
UPDATE deliveries SET status = 'RECEIVED' WHERE status = 'QUEUED';
