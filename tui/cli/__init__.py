"""The headless command line: `jixiao new · edit · check · score · show · export · import · batch`.

One module per command under tui.cli.commands, its parser beside its handler; exit
codes in tui.cli.exits. Never imports textual (the edit command hands over to
tui.editor, lazily); openpyxl and docx only in the commands that write or read them.
"""

from tui.cli.main import main, script

__all__ = ["main", "script"]
