"""Migration 0012 names the network of every network event already stored (indicator 2.3a)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select, text

from bot.domain.reports import network_key
from models.db import create_engine, upgrade_database
from models.tables import Report

REPORT = """
INSERT INTO reports (id, kind, form_id, form_version, country, field, event_date, is_decision,
                     is_network, is_key_event, answers, version, submitted_at, updated_at,
                     past_withdrawals)
VALUES (:id, 'advocacy_event', 'advocacy_event', 1, :country, 'justice', '2026-03-01', false,
        :network, false, :answers, 1, '2026-03-01 10:00:00', '2026-03-01 10:00:00', '[]')
"""


async def test_stored_network_events_get_their_network(any_empty_db_url: str) -> None:
    url = any_empty_db_url
    await upgrade_database(url, "0011")
    engine = create_engine(url)
    rows = [
        ("HT", True, "Réseau des ONG de Jacmel"),
        ("HT", True, "RESEAU des ONG  de Jacmel."),
        ("NE", True, "Réseau des ONG de Jacmel"),
        ("HT", False, "Journée de l'enfant africain"),  # a key event: no network
    ]
    try:
        async with engine.begin() as connection:
            for country, network, name in rows:
                values = {
                    "id": uuid.uuid4().hex if url.startswith("sqlite") else str(uuid.uuid4()),
                    "country": country,
                    "network": network,
                    "answers": json.dumps({"network_name": name}),
                }
                await connection.execute(text(REPORT), values)
        await upgrade_database(url, "head")
        async with engine.connect() as connection:
            keys = (await connection.execute(select(Report.network_key))).scalars().all()
    finally:
        await engine.dispose()
    haiti, niger = (network_key(c, "reseau des ong de jacmel") for c in ("HT", "NE"))
    assert sorted(keys, key=str) == sorted([haiti, haiti, niger, None], key=str)
