-- Sessions of remote participants and their recorded events, one row per recorder chunk.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  -- SHA-256 of the write token; the token itself is never stored.
  token_sha256 bytea NOT NULL,
  study_id text NOT NULL,
  participant_id text NOT NULL,
  app_version text NOT NULL,
  consented_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  config jsonb NOT NULL,
  -- The mutable session record and its revision (see core/protocol/messages.ts).
  revision integer NOT NULL DEFAULT 0,
  record_sha256 bytea,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed')),
  step integer NOT NULL DEFAULT 0,
  record jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  chunk_count integer NOT NULL DEFAULT 0,
  stored_bytes bigint NOT NULL DEFAULT 0
);
CREATE INDEX sessions_study ON sessions (study_id, created_at);

CREATE TABLE chunks (
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  task_id integer NOT NULL,
  seq integer NOT NULL,
  -- SHA-256 of the events' JSON text, before compression.
  sha256 bytea NOT NULL,
  events integer NOT NULL,
  min_t double precision NOT NULL,
  max_t double precision NOT NULL,
  raw_bytes integer NOT NULL,
  -- The events' JSON text, gzip-compressed by the browser.
  gzip bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, task_id, seq)
);
-- Already compressed: store out of line without TOAST trying to compress it again.
ALTER TABLE chunks ALTER COLUMN gzip SET STORAGE EXTERNAL;
