"""What a migration that rewrites stored rows does when Alembic writes SQL instead of running it.

`alembic upgrade head --sql` (offline mode) prints the script for a DBA to review and apply;
there is no database to read from. A data step (computed in Python from the rows it reads) cannot
be written as SQL, so it is replaced by a guard: a statement that stops the script with a
message when the database holds rows the step would have had to rewrite. On an empty database
(a new installation, the usual case for a reviewed script) the guard passes and the script
gives the same schema as `fieldbot db upgrade`; on a database with such rows it stops (the
script runs in one transaction on PostgreSQL, so nothing is left half done) and says to run
`fieldbot db upgrade` instead, which never loses the rows the step would have moved.

Kept apart from the application (migrations must not depend on code that may change later).
"""

from __future__ import annotations

from alembic import op


def can_read_rows(revision: str, rows_exist: str, what: str) -> bool:
    """True online: the data step may read and write rows. Offline, emit the guard and say False.

    `rows_exist` is a SELECT that returns a row when there is something to rewrite; `what` says
    which rows, in a few words without quotes or colons.
    """
    if not op.get_context().as_sql:
        return True
    postgresql = op.get_context().dialect.name == "postgresql"
    # PostgreSQL runs the whole script in one transaction; SQLite has no transactional DDL.
    done = "Nothing was changed" if postgresql else "The revisions before this one were applied"
    message = (
        f"fieldbot migration {revision} stopped the script because {what}; this step "
        f"rewrites stored rows and cannot be written as SQL. {done}. "
        "Run fieldbot db upgrade on this database instead"
    )
    if postgresql:
        op.execute(
            f"DO $$ BEGIN IF EXISTS ({rows_exist}) THEN "
            f"RAISE EXCEPTION '{message}'; END IF; END $$"
        )
    else:
        # SQLite has no procedural block: RAISE() works only in a trigger, so a throwaway one
        # fires on a throwaway row. (The sqlite3 shell goes on after an error unless `.bail on`.)
        op.execute("CREATE TEMP TABLE fieldbot_offline_guard (x INTEGER)")
        op.execute(
            "CREATE TEMP TRIGGER fieldbot_offline_guard_check BEFORE INSERT ON "
            f"fieldbot_offline_guard WHEN EXISTS ({rows_exist}) BEGIN "
            f"SELECT RAISE(ABORT, '{message}'); END"
        )
        op.execute("INSERT INTO fieldbot_offline_guard (x) VALUES (1)")
        op.execute("DROP TABLE fieldbot_offline_guard")
    return False
