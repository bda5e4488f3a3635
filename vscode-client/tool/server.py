"""Start the offpath language server from the libraries bundled in the extension.

The extension runs `<python> tool/server.py [args]`; `bundled/libs` (offpath, pygls, lsprotocol, jedi,
...) goes first on sys.path so the bundled versions win over whatever the interpreter has installed.
"""

import os
import runpy
import sys

EXTENSION_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBS = os.path.join(EXTENSION_ROOT, "bundled", "libs")


def main() -> None:
    """Put the bundled libraries on sys.path and run `offpath.server` as `python -m` would."""
    if sys.version_info < (3, 10):
        sys.exit(f"offpath needs Python 3.10 or newer; {sys.executable} is {sys.version.split()[0]}")
    # Drop this script's own folder (sys.path[0]) so nothing in tool/ shadows a real module.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        sys.path.pop(0)
    if os.path.isdir(LIBS):
        sys.path.insert(0, LIBS)
    try:
        import offpath.server  # noqa: F401  (fail here with a clear message, not inside runpy)
    except ImportError as error:
        sys.exit(
            f"offpath: cannot import the server ({error}); looked in {LIBS} and in {sys.executable}'s "
            "site-packages. Rebuild the extension with .ci/build-vscode-client.sh or `pip install offpath`."
        )
    sys.argv[0] = "offpath.server"
    runpy.run_module("offpath.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
