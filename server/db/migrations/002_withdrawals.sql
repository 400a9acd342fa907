-- A withdrawn session leaves nothing behind but this count.
CREATE TABLE withdrawals (
  study_id text PRIMARY KEY,
  count integer NOT NULL DEFAULT 0
);
