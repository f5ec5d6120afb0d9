"""Issue 16: the Mini App's first load stays light (<= 100 KB compressed, as served).

The timed load on an emulated 250 kbit/s link is a benchmark (bench/webapp_load.py), not a
test: a loaded CI machine must not make it flaky."""

from __future__ import annotations

from typing import Any

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

LIMIT = 100 * 1024


async def test_the_first_load_is_at_most_100_kb_compressed(miniapp: MiniApp) -> None:
    await miniapp.member(901, Role.FIELD_STAFF, ("HT",), language="en")
    page = await miniapp.open(miniapp.init_data(901), "")
    await page.close()
    context = page.context
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    encodings: dict[str, str] = {}

    def sent(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def received(event: dict[str, Any]) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "")

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    await page.goto(miniapp.base_url + "?form=training")
    await page.wait_for_selector("body[data-ready=form]")
    await page.wait_for_load_state("networkidle")
    ours = {r: n for r, n in sizes.items() if urls.get(r, "").startswith(miniapp.base_url)}
    assert len(ours) >= 5  # the page, its script and style, the form and its first check
    total = sum(ours.values())
    print(f"first load: {total} bytes over {len(ours)} requests")
    assert total <= LIMIT
    # Served compressed: the page, its assets and the form's JSON.
    for request, url in urls.items():
        if url.startswith(miniapp.base_url) and "/check" not in url and request in encodings:
            assert encodings[request] in ("gzip", "deflate", "br"), url
