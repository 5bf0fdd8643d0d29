"""PyInstaller entry point for `backa-desktop` (the same `main` as the installed gui-script)."""

import sys

from backa_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
