"""Read-only views for BI tools (Power BI, Excel, Metabase): v_reports and v_indicator_values.

- v_reports: one row per report that counts (withdrawn reports are left out, as everywhere a
  figure is made): its id and reference (R-XXXXXX, as the bot shows it), kind, form and
  version, country, field, event date, submitted and last edited times (UTC), the author
  (display name; an erased person's pseudonym "former member #N"), the typed columns the
  indicators count, and the main numeric answers read from the answers' JSON (duration and
  its unit, scores, national programme). Free-text answers (place, partner, institution,
  notes) are not in the view: they may name people.
- v_indicator_values: the manual indicator values (one per indicator and year), with who
  entered them and when. They belong to the whole organisation: country is 'ALL'.

The SQL differs by dialect: SQLite reads JSON with json_extract and stores a UUID as 32 hex
digits; PostgreSQL reads JSON with ->> and has a uuid type. Both views give the same columns
with the same meaning (README, "BI views"). A later migration that rebuilds `reports`,
`users` or `indicator_values` (or changes a column these views read) must drop the views
first and create them again after.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 15:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# models.reports.report_reference: the id's first 30 bits in Crockford's base 32.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SHIFTS = (25, 20, 15, 10, 5, 0)


def _reference(bits: str) -> str:
    """'R-' and six base-32 digits of the integer expression `bits` (30 bits)."""
    digits = " || ".join(
        f"substr('{_CROCKFORD}', CAST((({bits} >> {s}) & 31) AS INTEGER) + 1, 1)" for s in _SHIFTS
    )
    return f"'R-' || {digits}"


def _sqlite_bits(column: str) -> str:
    """The first 30 bits of a UUID stored as 32 hex digits (SQLite has no hex-to-integer)."""
    nibbles = " + ".join(
        f"((instr('0123456789abcdef', lower(substr({column}, {k + 1}, 1))) - 1) << {4 * (7 - k)})"
        for k in range(8)
    )
    return f"(({nibbles}) >> 2)"


def _pg_bits(column: str) -> str:
    """The first 30 bits of a uuid (its first 8 hex digits as a 64-bit integer, shifted)."""
    hex8 = f"substr(replace({column}::text, '-', ''), 1, 8)"
    return f"((('x' || lpad({hex8}, 16, '0'))::bit(64)::bigint) >> 2)"


_COMMON_COLUMNS = """
    r.kind AS kind,
    r.form_id AS form_id,
    r.form_version AS form_version,
    r.version AS version,
    r.country AS country,
    r.field AS field,
    r.event_date AS event_date,
    r.submitted_at AS submitted_at,
    r.updated_at AS last_edited_at,
    r.author_user_id AS author_user_id,
    u.display_name AS author,
    r.target_group AS target_group,
    r.training_type AS training_type,
    r.event_kind AS event_kind,
    r.level AS level,
    r.canada_sector AS canada_sector,
    r.participants_women AS participants_women,
    r.participants_men AS participants_men,
    r.participants_other AS participants_other,
    r.participants_total AS participants_total,
    r.trainers_trained AS trainers_trained,
    r.audience AS audience,
    r.is_decision AS is_decision,
    r.is_network AS is_network,
    r.is_key_event AS is_key_event,
    r.contributed AS contributed"""

# Constant SQL (no value from outside): built from the expressions above.
SQLITE_REPORTS = f"""
CREATE VIEW v_reports AS
SELECT
    lower(substr(r.id, 1, 8) || '-' || substr(r.id, 9, 4) || '-' || substr(r.id, 13, 4) || '-'
          || substr(r.id, 17, 4) || '-' || substr(r.id, 21, 12)) AS report_id,
    {_reference("r.ref_bits")} AS reference,{_COMMON_COLUMNS},
    CAST(json_extract(r.answers, '$.duration') AS REAL) AS duration,
    json_extract(r.answers, '$.duration_unit') AS duration_unit,
    CAST(json_extract(r.answers, '$.pre_score') AS REAL) AS pre_score,
    CAST(json_extract(r.answers, '$.post_score') AS REAL) AS post_score,
    json_extract(r.answers, '$.national_programme') AS national_programme
FROM (SELECT reports.*, {_sqlite_bits("reports.id")} AS ref_bits FROM reports) AS r
LEFT JOIN users AS u ON u.id = r.author_user_id
WHERE r.withdrawn_at IS NULL
"""  # noqa: S608

PG_REPORTS = f"""
CREATE VIEW v_reports AS
SELECT
    r.id::text AS report_id,
    {_reference("r.ref_bits")} AS reference,{_COMMON_COLUMNS},
    CAST(NULLIF(r.answers ->> 'duration', '') AS numeric) AS duration,
    r.answers ->> 'duration_unit' AS duration_unit,
    CAST(NULLIF(r.answers ->> 'pre_score', '') AS numeric) AS pre_score,
    CAST(NULLIF(r.answers ->> 'post_score', '') AS numeric) AS post_score,
    CAST(r.answers ->> 'national_programme' AS boolean) AS national_programme
FROM (SELECT reports.*, {_pg_bits("reports.id")} AS ref_bits FROM reports) AS r
LEFT JOIN users AS u ON u.id = r.author_user_id
WHERE r.withdrawn_at IS NULL
"""  # noqa: S608

# The same on both dialects: no JSON, no UUID.
INDICATOR_VALUES = """
CREATE VIEW v_indicator_values AS
SELECT
    v.indicator_id AS indicator_code,
    'ALL' AS country,
    v.period AS period,
    CAST(v.period AS INTEGER) AS year,
    v.value AS value,
    v.entered_by_user_id AS entered_by_user_id,
    u.display_name AS entered_by,
    v.entered_at AS entered_at
FROM indicator_values AS v
LEFT JOIN users AS u ON u.id = v.entered_by_user_id
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(PG_REPORTS if dialect == "postgresql" else SQLITE_REPORTS)
    op.execute(INDICATOR_VALUES)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_indicator_values")
    op.execute("DROP VIEW IF EXISTS v_reports")
