"""Use cases over a database session (reports, indicators, missions, exports): what the chat
handlers, the scheduler's jobs, the Mini App and the CLI do alike, written once."""
