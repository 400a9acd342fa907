-- The researcher workspace: accounts, studies with immutable published versions, recruitment,
-- monitoring figures per session, and the audit log.

CREATE TABLE researchers (
  id uuid PRIMARY KEY,
  -- Lower-cased; the login name.
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'member')),
  -- scrypt$<log2 N>$<r>$<p>$<salt>$<hash> (base64url); never the password.
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- Logged-in browsers: the cookie's token, stored as its SHA-256.
CREATE TABLE researcher_logins (
  token_sha256 bytea PRIMARY KEY,
  researcher_id uuid NOT NULL REFERENCES researchers (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX researcher_logins_researcher ON researcher_logins (researcher_id);

CREATE TABLE invitations (
  token_sha256 bytea PRIMARY KEY,
  email text NOT NULL,
  invited_by uuid REFERENCES researchers (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz
);

CREATE TABLE studies (
  -- The config's id (the link's /s/<id>).
  id text PRIMARY KEY,
  name text NOT NULL,
  created_by uuid REFERENCES researchers (id) ON DELETE SET NULL,
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'paused', 'closed')),
  -- The config being edited and the studio's generator settings; published versions are snapshots of it.
  draft jsonb NOT NULL,
  draft_studio jsonb,
  -- Bumped by every save, so two researchers editing at once cannot overwrite each other unseen.
  draft_revision integer NOT NULL DEFAULT 1,
  -- The version new participants get (the latest published), null before the first publish.
  published_version integer,
  -- Recruitment target: new participants are turned away once this many sessions started.
  target integer CHECK (target IS NULL OR target > 0),
  -- Links accepted, completion URL/code, exclusion rules, abandonment: see server/store/study-settings.ts.
  settings jsonb NOT NULL DEFAULT '{}',
  -- Counterbalancing over started sessions, and the counter for anonymous ids.
  started_free integer NOT NULL DEFAULT 0,
  started_search integer NOT NULL DEFAULT 0,
  anonymous_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE study_versions (
  study_id text NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  config jsonb NOT NULL,
  config_sha256 bytea NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid REFERENCES researchers (id) ON DELETE SET NULL,
  PRIMARY KEY (study_id, version)
);

-- A published version never changes: a session's data is only meaningful with the config it ran.
CREATE FUNCTION study_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'study_versions rows are immutable (study %, version %)', OLD.study_id, OLD.version;
END $$;
CREATE TRIGGER study_versions_no_update BEFORE UPDATE ON study_versions FOR EACH ROW EXECUTE FUNCTION study_versions_immutable();

-- Who may see a study besides the owner(s).
CREATE TABLE study_access (
  study_id text NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  researcher_id uuid NOT NULL REFERENCES researchers (id) ON DELETE CASCADE,
  PRIMARY KEY (study_id, researcher_id)
);
CREATE INDEX study_access_researcher ON study_access (researcher_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  researcher_id uuid REFERENCES researchers (id) ON DELETE SET NULL,
  -- The researcher's e-mail at the time (kept when the account goes).
  actor text,
  action text NOT NULL,
  study_id text,
  session_id uuid,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- Lab-wide settings (retention).
CREATE TABLE lab_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Sessions started from a study link: the version they run, how they were recruited, the block
-- order the server assigned, and the monitoring figures taken from each uploaded record.
ALTER TABLE sessions
  ADD COLUMN study_version integer,
  ADD COLUMN link_kind text CHECK (link_kind IN ('anonymous', 'named', 'prolific', 'external')),
  ADD COLUMN recruitment jsonb,
  ADD COLUMN first_task text CHECK (first_task IN ('Free_browsing', 'Semi_free_direct_search')),
  ADD COLUMN last_task_id integer,
  ADD COLUMN screens_done integer NOT NULL DEFAULT 0,
  ADD COLUMN screens_total integer,
  ADD COLUMN gaze_source text,
  ADD COLUMN flags text[] NOT NULL DEFAULT '{}',
  ADD COLUMN validation_px real,
  ADD COLUMN validation_deg real,
  ADD COLUMN gaze_hz real,
  ADD COLUMN loss_pct real,
  ADD COLUMN samples integer;
-- One session per participant of a server study: a returning PROLIFIC_PID (or id) resumes it.
CREATE UNIQUE INDEX sessions_study_participant ON sessions (study_id, participant_id) WHERE study_version IS NOT NULL;
