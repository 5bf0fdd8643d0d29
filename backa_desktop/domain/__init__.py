"""Pure rules and pydantic models.

Imports nothing of the project outside `domain`, no Qt, no SQL.
"""
