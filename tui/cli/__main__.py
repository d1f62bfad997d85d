"""`python -m tui.cli`: the same entry point as the `jixiao` script."""

from tui.cli.main import script

script()
