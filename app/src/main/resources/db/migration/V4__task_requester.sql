-- Who started a task (a repair triggered by CI acts for them, after their permission is checked
-- again), and the last push to the task's branch made by someone other than ACS: ACS does not
-- repair a head that a person pushed unless asked.
ALTER TABLE tasks ADD COLUMN requested_by VARCHAR(255);
ALTER TABLE tasks ADD COLUMN human_head_sha VARCHAR(64);
ALTER TABLE tasks ADD COLUMN human_pushed_by VARCHAR(255);
