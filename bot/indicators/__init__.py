"""The strategic plan's indicators: the plan file, and the pure status arithmetic.

Evaluation against the database lives in models.indicators.
"""
