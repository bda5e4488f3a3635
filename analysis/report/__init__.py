"""The critical-path report: `build_report(project)` makes the model, `render_html` and
`render_markdown` turn it into one self-contained page or a pull-request comment."""

from .data import Report, build_report, to_dict
from .html import render_html
from .markdown import render_markdown

__all__ = ["Report", "build_report", "render_html", "render_markdown", "to_dict"]
