"""The composition root (cli, demo, runner, app) and, in sub-packages, every layer below the
routers: use cases, ui, domain, forms, indicators, the Mini App and the Bot API sandbox."""
