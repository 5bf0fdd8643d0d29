"""The benchmark suite (DESIGN.md §12). Run with `./dev.sh bench` (or `--quick`); not part of
the normal test run, because timings belong in a report, not in pass/fail tests."""
