"""central layer; see DESIGN.md §3."""
