"""offpath's static analysis: summaries, workspace index, call graph, entry points, sinks, findings.

Pure Python with no LSP types, so the CLI, the language server and tests share one engine.
"""

from .model import Finding, Span

__version__ = "0.1.0"
from .project import Project

__all__ = ["Finding", "Project", "Span"]
