"""Presentation: texts, keyboards, callback data, charts, and the replies an update owes."""
