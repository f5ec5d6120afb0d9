"""Issue 14, item 8: the files in deploy/ are what the operator's guide says they are: systemd
units that parse, run real fieldbot commands with real settings, and an nginx example that
passes Telegram's secret header to the webhook path."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest

from bot.cli import _parser
from bot.settings import Settings
from tests.integration.cli.test_issue_14_startup import setting_names

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNITS = {"fieldbot.service": ["run", "--webhook"], "fieldbot-scheduler.service": ["scheduler"]}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text())
    return parser


@pytest.mark.parametrize(("name", "command"), list(UNITS.items()))
def test_each_unit_parses_and_runs_a_real_command(name: str, command: list[str]) -> None:
    parsed = unit(name)
    assert parsed.sections() == ["Unit", "Service", "Install"]
    service = parsed["Service"]
    program, *args = shlex.split(service["ExecStart"])
    assert program.startswith("/")
    assert program.endswith("/fieldbot")
    assert args == command
    _parser().parse_args(args)  # a command the CLI knows (exits on an unknown one)
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"  # the bot finishes its updates on SIGTERM
    assert service["User"] != "root"
    assert service["EnvironmentFile"] == "/etc/fieldbot/fieldbot.env"
    assert parsed["Install"]["WantedBy"] == "multi-user.target"
    assert "network-online.target" in parsed["Unit"]["After"]


def environment(name: str) -> dict[str, str]:
    values = shlex.split(unit(name)["Service"].get("Environment", ""))
    return dict(value.split("=", 1) for value in values)


def test_the_bot_leaves_the_jobs_to_the_scheduler_unit() -> None:
    assert environment("fieldbot.service") == {"FIELDBOT_SCHEDULER_IN_PROCESS": "false"}
    scheduler = environment("fieldbot-scheduler.service")
    assert int(scheduler["FIELDBOT_HEALTH__PORT"]) > 1024


def test_every_variable_in_deploy_is_a_real_setting() -> None:
    known = set(setting_names(Settings))
    used = set()
    for path in DEPLOY.iterdir():
        used |= set(re.findall(r"\b(FIELDBOT_[A-Z0-9_]+)=", path.read_text()))
    assert used
    assert used <= known, used - known


def test_the_nginx_example_passes_the_secret_to_the_webhook_path() -> None:
    conf = (DEPLOY / "nginx-fieldbot.conf").read_text()
    path = Settings(_env_file=None).webhook.path
    assert f"location = {path} {{" in conf
    assert (
        "proxy_set_header X-Telegram-Bot-Api-Secret-Token $http_x_telegram_bot_api_secret_token;"
        in conf
    )
    assert "ssl_certificate " in conf
    # The health and metrics routes are not published; the Mini App is, and nothing else.
    assert not re.search(r"location\s+[=~^]*\s*/(metrics|readyz|healthz)", conf)
    assert "location /webapp/ {" in conf
    assert re.search(r"location / \{\s*return 404;\s*\}", conf)


def test_the_guide_describes_every_file_in_deploy() -> None:
    guide = (REPO / "docs" / "operating.md").read_text()
    for path in DEPLOY.iterdir():
        assert f"deploy/{path.name}" in guide
    for command in ("fieldbot db backup", "fieldbot db upgrade", "fieldbot status", "/readyz"):
        assert command in guide
