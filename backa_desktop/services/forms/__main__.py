"""`python -m backa_desktop.services.forms check|release …`."""

from backa_desktop.services.forms.cli import main

if __name__ == "__main__":  # importing the package's modules (the layer test) runs nothing
    raise SystemExit(main())
