-- Which node holds a delivery's claim: a restarted node takes its own earlier claims back at once
-- (it knows it is no longer processing them), while other nodes wait for the lease, which the
-- holder renews for as long as it has the delivery in hand.
ALTER TABLE deliveries ADD COLUMN claimed_by VARCHAR(64);
