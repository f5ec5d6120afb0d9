"""Time-driven work: APScheduler jobs, and the outbox sender that delivers what they enqueue."""
