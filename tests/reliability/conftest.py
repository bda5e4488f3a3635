import os
import sys

HERE = os.path.dirname(__file__)
# `helpers` (the pytest-lsp client set-up) lives with the server tests; `fuzzing` is ours.
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "server"))


def pytest_terminal_summary(terminalreporter):
    from fuzzing import TRIED

    if TRIED:
        terminalreporter.section("reliability: inputs tried")
        for name, count in sorted(TRIED.items()):
            terminalreporter.write_line(f"{name}: {count:,}")
