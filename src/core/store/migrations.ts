/**
 * Numbered schema migrations, applied in order at start-up inside one transaction each.
 * Append only: never edit a migration that has shipped; add the next number instead.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'app-meta',
    sql: `
      CREATE TABLE app_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'courses',
    sql: `
      CREATE TABLE courses (
        id TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        authors TEXT NOT NULL,
        step_count INTEGER NOT NULL,
        manifest TEXT NOT NULL,
        imported_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE course_progress (
        course_id TEXT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('visited', 'completed')),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (course_id, step_id)
      ) STRICT;
      CREATE TABLE course_position (
        course_id TEXT PRIMARY KEY REFERENCES courses(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'ssh-host-keys',
    // Trust on first use per lab stack: a new stack (after a reset) pins afresh.
    sql: `
      CREATE TABLE ssh_host_keys (
        stack_id TEXT NOT NULL,
        connection TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        key_type TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        pinned_at INTEGER NOT NULL,
        PRIMARY KEY (stack_id, connection, host, port)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'jobs',
    // The local job queue. A running job is owned by lease_owner until lease_until; a job whose lease
    // has passed is claimed again (its process died). The partial unique index makes dedupe hold
    // across processes: at most one queued/running job per dedupe_key.
    sql: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        job_key TEXT NOT NULL,
        dedupe_key TEXT,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        run_after INTEGER NOT NULL,
        lease_owner TEXT,
        lease_until INTEGER,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        progress TEXT,
        result TEXT,
        error_message TEXT,
        error_kind TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      ) STRICT;
      CREATE INDEX jobs_active_by_key ON jobs (job_key, id) WHERE status IN ('queued', 'running');
      CREATE UNIQUE INDEX jobs_active_dedupe ON jobs (dedupe_key)
        WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
    `,
  },
  {
    version: 5,
    name: 'labs',
    // One lab per course and Keystone user. Secret outputs never land here (SecretStore). The ledger
    // is append-only: every state change with whether the cloud bills the lab as running from then on.
    sql: `
      CREATE TABLE labs (
        course_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        stack_name TEXT NOT NULL,
        stack_id TEXT,
        provider TEXT,
        course_version TEXT,
        state TEXT NOT NULL,
        action_before_check TEXT,
        ready INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        outputs TEXT NOT NULL DEFAULT '{}',
        launch_deadline INTEGER,
        suspend_by INTEGER,
        delete_by INTEGER,
        last_activity_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (course_id, user_id)
      ) STRICT;
      CREATE TABLE lab_ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        stack_name TEXT NOT NULL,
        provider TEXT,
        state TEXT NOT NULL,
        running INTEGER NOT NULL,
        detail TEXT,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX lab_ledger_by_user ON lab_ledger (user_id, at);
      CREATE INDEX lab_ledger_by_lab ON lab_ledger (course_id, user_id, at);
    `,
  },
  {
    version: 6,
    name: 'check_runs',
    // Every run of a step's progress checks (app and CLI), for the step's last result and its history.
    // outcomes is the JSON array of per-script results with their hints (src/shared/ssh/checks.ts).
    sql: `
      CREATE TABLE check_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        passed INTEGER NOT NULL,
        total INTEGER NOT NULL,
        outcomes TEXT NOT NULL,
        source TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX check_runs_by_step ON check_runs (course_id, step_id, id);
    `,
  },
  {
    version: 7,
    name: 'cohort_stack_events',
    // The instructor's cache of each lab's stack-level Heat events (src/core/cohort/stack-event-cache.ts).
    // cache_key is the stack's status and updated time when the events were read; the last event's id
    // is the marker the next listing asks Heat for newer events with.
    sql: `
      CREATE TABLE cohort_stack_events (
        stack_id TEXT PRIMARY KEY,
        cache_key TEXT NOT NULL,
        events TEXT NOT NULL,
        fetched_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cohort_stack_events_by_age ON cohort_stack_events (fetched_at);
    `,
  },
  {
    version: 8,
    name: 'labs_creating_on',
    // The cloud a create request goes to, written before it is sent and cleared once its outcome is
    // known (the stack's id written, or no stack): a retry after a crash goes back to that cloud.
    sql: `
      ALTER TABLE labs ADD COLUMN creating_on TEXT;
    `,
  },
  {
    version: 9,
    name: 'workspace_tabs',
    // The Lab screen's tabs per course as the learner left them (src/core/stream/workspace-tab-store.ts):
    // JSON checked by WorkspaceTabs on the way in and out.
    sql: `
      CREATE TABLE workspace_tabs (
        course_id TEXT PRIMARY KEY,
        tabs TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 10,
    name: 'labs_drop_action_before_check',
    // Read but never written: whether a checked stack was suspended before its CHECK is read from
    // Heat's own timeline where it matters (the instructor's cohort), not kept per lab.
    sql: `
      ALTER TABLE labs DROP COLUMN action_before_check;
    `,
  },
  {
    version: 11,
    name: 'course_progress_solved',
    // A step the course's solve script did for the learner is "solved", not "completed". SQLite
    // cannot change a CHECK constraint in place: the table is rebuilt with its rows.
    sql: `
      CREATE TABLE course_progress_next (
        course_id TEXT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('visited', 'completed', 'solved')),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (course_id, step_id)
      ) STRICT;
      INSERT INTO course_progress_next SELECT course_id, step_id, status, updated_at FROM course_progress;
      DROP TABLE course_progress;
      ALTER TABLE course_progress_next RENAME TO course_progress;
    `,
  },
  {
    version: 12,
    name: 'lab_extensions',
    // Each extension of max_session the learner took (src/core/labs/policies/session-clock.ts): a
    // session's end is its start plus max_session plus the extensions taken since it started.
    sql: `
      CREATE TABLE lab_extensions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        seconds INTEGER NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX lab_extensions_by_lab ON lab_extensions (course_id, user_id, at);
    `,
  },
  {
    version: 13,
    name: 'cohort_lab_activity',
    // The instructor's last read of each lab's activity file (src/core/cohort/lab-activity-cache.ts):
    // intervals as JSON [[start, end], ...] in Unix seconds.
    sql: `
      CREATE TABLE cohort_lab_activity (
        stack_id TEXT PRIMARY KEY,
        intervals TEXT NOT NULL,
        read_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cohort_lab_activity_by_age ON cohort_lab_activity (read_at);
    `,
  },
  {
    version: 14,
    name: 'assists',
    // The instructor's log of assists (src/core/cohort/assist-log.ts): who opened a read-write shell on
    // which learner's lab, from when until when (ended_at NULL: still open, or the app ended first).
    sql: `
      CREATE TABLE assists (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        by_user TEXT NOT NULL,
        course_id TEXT NOT NULL,
        stack_id TEXT NOT NULL,
        stack_name TEXT NOT NULL,
        project_id TEXT NOT NULL,
        project_name TEXT NOT NULL,
        learner TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      ) STRICT;
      CREATE INDEX assists_by_lab ON assists (stack_id, started_at);
    `,
  },
  {
    version: 15,
    name: 'job_error_message',
    // The catalogue message a job's error was composed from (src/shared/i18n/message.ts), as JSON of
    // { key, params }: the app and the CLI show the failure in the reader's language; NULL when the
    // error is the client's or the cloud's own words, shown as they are.
    sql: `ALTER TABLE jobs ADD COLUMN error_message_ref TEXT;`,
  },
];
