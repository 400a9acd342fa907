-- Each session's share of the RecGaze export zip (server/export/session-part.ts), written once
-- when the session completes, or by the first export that finds it missing or out of date, and
-- joined into study zips without deriving or compressing again.
CREATE TABLE export_parts (
  session_id uuid PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  -- A hash of everything the part was made from (record, chunk count and bytes, app version,
  -- export options, BIDS label, part format): a different stamp means the part is out of date.
  stamp text NOT NULL,
  manifest jsonb NOT NULL,
  data bytea NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now()
);
-- Compressed already; EXTERNAL (no TOAST compression) also lets substring() read just its slice.
ALTER TABLE export_parts ALTER COLUMN data SET STORAGE EXTERNAL;
