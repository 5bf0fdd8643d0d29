"""Backa Desktop: the Backa barnet model's tools on an encrypted, offline-first laptop store."""

__version__ = "0.1.0"
