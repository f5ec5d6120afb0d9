"""Whether a person chose their time zone: `users.timezone_chosen`.

"UTC" stood for "not chosen": a newcomer who tapped no time-zone button (Kinshasa or
Lubumbashi?) stayed on UTC, their reminders, dates and digest three hours off in Nairobi. Until
a person chooses, their dates now follow their country's clock (bot.domain.timezones
.effective_zone); a choice, UTC included, always wins. A zone other than UTC was chosen (in
/settings or on a newcomer's button) or set from the invitation's only clock, which the person
kept: both count as chosen. UTC counts as not chosen, as it did (whoever picked it picks it
again).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 05:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy: `users` has children that a copy would cascade to).
    op.add_column(
        "users",
        sa.Column(
            "timezone_chosen", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
    )
    op.execute("UPDATE users SET timezone_chosen = true WHERE timezone <> 'UTC'")


def downgrade() -> None:
    # Nothing to put back: a zone not chosen is stored as "UTC" or as the clock they had when
    # their countries last changed (models.queries.keep_zone), which the older code keeps.
    op.execute("ALTER TABLE users DROP COLUMN timezone_chosen")
