"""Time-driven work: APScheduler jobs, and the outbox sender that delivers what they enqueue;
it calls the use cases and the ui, never a router."""
