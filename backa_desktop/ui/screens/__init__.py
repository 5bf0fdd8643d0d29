"""Screens: each builds its widgets and emits signals; the main window wires them to ops."""
