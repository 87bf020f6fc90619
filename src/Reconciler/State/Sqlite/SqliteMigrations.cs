namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>
/// The schema, as an ordered list of steps. Never edit a released step: add the next one.
/// Times are Unix milliseconds (INTEGER; BIGINT in PostgreSQL); the SQL avoids SQLite-only features apart from
/// <c>INTEGER PRIMARY KEY AUTOINCREMENT</c> (an identity column in PostgreSQL).
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "core: orgs, repos, servers, inventory, deploy history, audit log, settings", """
            CREATE TABLE orgs (
                org               TEXT    NOT NULL PRIMARY KEY,
                tier              TEXT    NOT NULL,
                servers_per_org   INTEGER,
                tools_per_server  INTEGER,
                calls_per_month   INTEGER,
                calls_per_minute  INTEGER,
                premium_tools     INTEGER,
                updated_at        INTEGER NOT NULL
            );
            CREATE TABLE repos (
                org         TEXT    NOT NULL,
                name        TEXT    NOT NULL,
                source      TEXT,
                created_at  INTEGER NOT NULL,
                PRIMARY KEY (org, name)
            );
            CREATE TABLE servers (
                server_id              TEXT    NOT NULL PRIMARY KEY,
                org                    TEXT    NOT NULL,
                repo                   TEXT    NOT NULL,
                name                   TEXT    NOT NULL,
                first_seen_at          INTEGER NOT NULL,
                state                  TEXT    NOT NULL,
                reason                 TEXT,
                observed_revision      TEXT,
                last_applied_revision  TEXT,
                content_hash           TEXT,
                endpoint_url           TEXT,
                script_name            TEXT,
                last_reconcile_at      INTEGER
            );
            CREATE INDEX ix_servers_org_repo ON servers (org, repo);
            CREATE TABLE inventory (
                server_id     TEXT    NOT NULL,
                script_name   TEXT    NOT NULL,
                org           TEXT    NOT NULL,
                repo          TEXT    NOT NULL,
                platform      TEXT    NOT NULL,
                content_hash  TEXT    NOT NULL,
                deployed_at   INTEGER NOT NULL,
                PRIMARY KEY (server_id, script_name)
            );
            CREATE INDEX ix_inventory_org_repo ON inventory (org, repo);
            CREATE TABLE deploy_history (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                server_id     TEXT    NOT NULL,
                action        TEXT    NOT NULL,
                succeeded     INTEGER NOT NULL,
                platform      TEXT,
                script_name   TEXT,
                content_hash  TEXT,
                revision      TEXT,
                message       TEXT,
                at            INTEGER NOT NULL
            );
            CREATE INDEX ix_deploy_history_server ON deploy_history (server_id, id);
            CREATE TABLE audit_log (
                id      INTEGER PRIMARY KEY AUTOINCREMENT,
                at      INTEGER NOT NULL,
                actor   TEXT    NOT NULL,
                action  TEXT    NOT NULL,
                org     TEXT,
                target  TEXT,
                detail  TEXT
            );
            CREATE INDEX ix_audit_log_org ON audit_log (org, id);
            CREATE TABLE settings (
                name        TEXT    NOT NULL PRIMARY KEY,
                value       TEXT    NOT NULL,
                updated_at  INTEGER NOT NULL
            );
            """),
        new(2, "API keys, usage ingest tokens, usage events and rollups", """
            ALTER TABLE servers ADD COLUMN usage_token_hash TEXT;
            ALTER TABLE servers ADD COLUMN usage_token_version INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE api_keys (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                server_id     TEXT    NOT NULL,
                org           TEXT    NOT NULL,
                repo          TEXT    NOT NULL,
                name          TEXT    NOT NULL,
                key_id        TEXT    NOT NULL,
                hash          TEXT    NOT NULL,
                created_at    INTEGER NOT NULL,
                last_used_at  INTEGER,
                revoked_at    INTEGER
            );
            CREATE UNIQUE INDEX ux_api_keys_active_name ON api_keys (server_id, name) WHERE revoked_at IS NULL;
            CREATE INDEX ix_api_keys_server_key ON api_keys (server_id, key_id);
            CREATE INDEX ix_api_keys_org_repo ON api_keys (org, repo);
            CREATE TABLE usage_events (
                server_id    TEXT    NOT NULL,
                event_id     TEXT    NOT NULL,
                tool         TEXT    NOT NULL,
                key_id       TEXT,
                ok           INTEGER NOT NULL,
                error_kind   TEXT,
                duration_ms  INTEGER NOT NULL,
                ts           INTEGER NOT NULL,
                received_at  INTEGER NOT NULL,
                PRIMARY KEY (server_id, event_id)
            );
            CREATE INDEX ix_usage_events_received ON usage_events (received_at);
            CREATE TABLE usage_daily (
                server_id    TEXT    NOT NULL,
                day          TEXT    NOT NULL,
                tool         TEXT    NOT NULL,
                key_id       TEXT    NOT NULL,
                org          TEXT    NOT NULL,
                calls        INTEGER NOT NULL,
                errors       INTEGER NOT NULL,
                duration_ms  INTEGER NOT NULL,
                PRIMARY KEY (server_id, day, tool, key_id)
            );
            CREATE TABLE usage_monthly (
                server_id    TEXT    NOT NULL,
                month        TEXT    NOT NULL,
                tool         TEXT    NOT NULL,
                key_id       TEXT    NOT NULL,
                org          TEXT    NOT NULL,
                calls        INTEGER NOT NULL,
                errors       INTEGER NOT NULL,
                duration_ms  INTEGER NOT NULL,
                PRIMARY KEY (server_id, month, tool, key_id)
            );
            CREATE TABLE usage_org_monthly (
                org    TEXT    NOT NULL,
                month  TEXT    NOT NULL,
                calls  INTEGER NOT NULL,
                PRIMARY KEY (org, month)
            );
            """),
        new(3, "sealed secrets", """
            CREATE TABLE secrets (
                org              TEXT    NOT NULL,
                repo             TEXT    NOT NULL,
                name             TEXT    NOT NULL,
                version          INTEGER NOT NULL,
                nonce            BLOB,
                ciphertext       BLOB,
                key_fingerprint  TEXT,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL,
                deleted_at       INTEGER,
                PRIMARY KEY (org, repo, name)
            );
            CREATE INDEX ix_secrets_org_name ON secrets (org, name);
            """),
        new(4, "inventory: summary of the last applied deployment (for plan reasons)", """
            ALTER TABLE inventory ADD COLUMN summary_json TEXT;
            """),
        new(5, "inventory: the platform's receipt (etag, modified time, version); repos: how the last run ended; servers: the content hash a stalled deploy failed on", """
            ALTER TABLE inventory ADD COLUMN etag TEXT;
            ALTER TABLE inventory ADD COLUMN modified_at INTEGER;
            ALTER TABLE inventory ADD COLUMN version_id TEXT;
            ALTER TABLE repos ADD COLUMN last_run_state TEXT;
            ALTER TABLE repos ADD COLUMN last_run_reason TEXT;
            ALTER TABLE repos ADD COLUMN last_run_revision TEXT;
            ALTER TABLE repos ADD COLUMN last_run_at INTEGER;
            ALTER TABLE servers ADD COLUMN stalled_hash TEXT;
            """),
        new(6, "usage: refused calls in the rollups, drops reported by outboxes, last delivery per server", """
            ALTER TABLE usage_daily ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE usage_monthly ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE usage_drops (
                server_id    TEXT    NOT NULL,
                batch_id     TEXT    NOT NULL,
                dropped      INTEGER NOT NULL,
                received_at  INTEGER NOT NULL,
                PRIMARY KEY (server_id, batch_id)
            );
            CREATE TABLE usage_deliveries (
                server_id         TEXT    NOT NULL PRIMARY KEY,
                last_delivery_at  INTEGER NOT NULL
            );
            """),
        new(7, "GitHub App: installations, repositories by id, webhook deliveries, the durable job queue", """
            CREATE TABLE github_installations (
                installation_id       INTEGER NOT NULL PRIMARY KEY,
                account_id            INTEGER,
                account_login         TEXT    NOT NULL,
                account_type          TEXT,
                repository_selection  TEXT,
                status                TEXT    NOT NULL,
                created_at            INTEGER NOT NULL,
                updated_at            INTEGER NOT NULL
            );
            CREATE TABLE github_repositories (
                repository_id             INTEGER NOT NULL PRIMARY KEY,
                installation_id           INTEGER NOT NULL,
                identity_installation_id  INTEGER NOT NULL,
                owner                     TEXT    NOT NULL,
                name                      TEXT    NOT NULL,
                default_branch            TEXT,
                clone_url                 TEXT,
                private                   INTEGER NOT NULL DEFAULT 0,
                removed                   INTEGER NOT NULL DEFAULT 0,
                created_at                INTEGER NOT NULL,
                updated_at                INTEGER NOT NULL
            );
            CREATE INDEX ix_github_repositories_installation ON github_repositories (installation_id);
            CREATE TABLE webhook_deliveries (
                delivery_id  TEXT    NOT NULL PRIMARY KEY,
                event        TEXT    NOT NULL,
                action       TEXT,
                summary      TEXT    NOT NULL,
                job_ids      TEXT    NOT NULL,
                received_at  INTEGER NOT NULL
            );
            CREATE TABLE jobs (
                id                   INTEGER PRIMARY KEY AUTOINCREMENT,
                repo_key             TEXT    NOT NULL,
                kind                 TEXT    NOT NULL,
                coalesce_key         TEXT    NOT NULL,
                triggers             INTEGER NOT NULL,
                installation_id      INTEGER,
                repository_id        INTEGER,
                commit_sha           TEXT,
                before_sha           TEXT,
                order_key            INTEGER,
                pr_number            INTEGER,
                from_fork            INTEGER NOT NULL DEFAULT 0,
                rename_owner         TEXT,
                rename_name          TEXT,
                delivery_id          TEXT,
                state                TEXT    NOT NULL,
                attempts             INTEGER NOT NULL DEFAULT 0,
                run_after            INTEGER NOT NULL,
                lease_owner          TEXT,
                lease_until          INTEGER,
                error_class          TEXT,
                last_error           TEXT,
                result_json          TEXT,
                created_at           INTEGER NOT NULL,
                updated_at           INTEGER NOT NULL,
                finished_at          INTEGER
            );
            CREATE UNIQUE INDEX ux_jobs_pending_work ON jobs (coalesce_key) WHERE state = 'pending';
            CREATE INDEX ix_jobs_state_due ON jobs (state, run_after, id);
            CREATE INDEX ix_jobs_repo_state ON jobs (repo_key, state);
            CREATE TABLE job_heads (
                coalesce_key  TEXT    NOT NULL PRIMARY KEY,
                commit_sha    TEXT    NOT NULL,
                before_sha    TEXT,
                order_key     INTEGER,
                updated_at    INTEGER NOT NULL
            );
            """),
        new(8, "audit: who caused a webhook delivery (its sender), for the actor of what it changed", """
            ALTER TABLE webhook_deliveries ADD COLUMN sender TEXT;
            CREATE INDEX ix_audit_log_at ON audit_log (at);
            """),
        new(9, "reporting to GitHub: the report outbox, check runs by commit, statuses and plan comments posted", """
            CREATE TABLE report_outbox (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                report_key     TEXT    NOT NULL,
                kind           TEXT    NOT NULL,
                repository_id  INTEGER NOT NULL,
                payload_json   TEXT    NOT NULL,
                revision       INTEGER NOT NULL,
                attempts       INTEGER NOT NULL DEFAULT 0,
                run_after      INTEGER NOT NULL,
                lease_owner    TEXT,
                lease_until    INTEGER,
                last_error     TEXT,
                created_at     INTEGER NOT NULL,
                updated_at     INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX ux_report_outbox_key ON report_outbox (report_key);
            CREATE INDEX ix_report_outbox_due ON report_outbox (run_after, id);
            CREATE TABLE github_check_runs (
                repository_id     INTEGER NOT NULL,
                head_sha          TEXT    NOT NULL,
                check_run_id      INTEGER NOT NULL,
                html_url          TEXT,
                annotations_json  TEXT    NOT NULL,
                output_sha256     TEXT,
                conclusion_sha256   TEXT,
                updated_at        INTEGER NOT NULL,
                PRIMARY KEY (repository_id, head_sha)
            );
            CREATE TABLE github_statuses (
                repository_id  INTEGER NOT NULL,
                sha            TEXT    NOT NULL,
                context        TEXT    NOT NULL,
                state          TEXT    NOT NULL,
                description    TEXT    NOT NULL,
                target_url     TEXT,
                posts          INTEGER NOT NULL,
                updated_at     INTEGER NOT NULL,
                PRIMARY KEY (repository_id, sha, context)
            );
            CREATE TABLE github_pr_comments (
                repository_id  INTEGER NOT NULL,
                pr_number      INTEGER NOT NULL,
                comment_id     INTEGER NOT NULL,
                body_sha256    TEXT    NOT NULL,
                updated_at     INTEGER NOT NULL,
                PRIMARY KEY (repository_id, pr_number)
            );
            """),
        new(10, "status UI: the last calls of a server by time, the plan text of each deploy, usage per org and month", """
            CREATE INDEX ix_usage_events_server_ts ON usage_events (server_id, ts);
            CREATE INDEX ix_usage_monthly_org_month ON usage_monthly (org, month);
            ALTER TABLE deploy_history ADD COLUMN plan_text TEXT;
            """),
        new(11, "servers: the secrets a waiting server lacks (the status UI's secrets page)", """
            ALTER TABLE servers ADD COLUMN missing_secrets TEXT;
            """),
        new(12, "sign-in: the people who signed in to the status UI with GitHub", """
            CREATE TABLE users (
                github_id       INTEGER NOT NULL PRIMARY KEY,
                login           TEXT    NOT NULL,
                email           TEXT,
                name            TEXT,
                first_seen_at   INTEGER NOT NULL,
                last_sign_in_at INTEGER NOT NULL,
                sign_ins        INTEGER NOT NULL
            );
            CREATE INDEX ix_users_login ON users (login);
            """),
    ];
}
