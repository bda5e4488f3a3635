"""`[tool.offpath]` settings from pyproject.toml: rule selection, severities, extra sinks and
entry points, excludes, the preferred queue backend, the CLI's cache folder."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from .model import Severity

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


class ConfigError(Exception):
    """The configuration is present but wrong; the message says where."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sinks: dict[str, str] = field(default_factory=dict)
    entry_points: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    queue: str = "auto"
    code_lens: bool = True
    jedi_budget: float = 2.0  # the editor's seconds of jedi per pass (the CLI waits for every answer); 0: off
    source: str = ""
    python: str = ""  # the project's interpreter or environment folder (`environment.discover`)
    cache_dir: str = ""  # the CLI's cache folder (`cache-dir`); default `.offpath_cache/` in the project
    # Record each function's calls out of the workspace (`FunctionFacts.library`): only
    # `offpath graph --format pycg` prints them, so a check does not pay for them. Not a setting.
    library_calls: bool = False

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)

    def severity_for(self, code: str, category: str, default: Severity) -> Severity:
        for key in (code, category):
            level = self.severity.get(key)
            if level:
                try:
                    return Severity(level.lower())
                except ValueError:
                    continue
        return default

    def excluded(self, rel_path: str) -> bool:
        rel_path = rel_path.replace(os.sep, "/")
        return any(fnmatch.fnmatch(rel_path, pattern) or fnmatch.fnmatch(rel_path, pattern.rstrip("/") + "/*")
                   or rel_path.startswith(pattern.rstrip("/") + "/") for pattern in self.exclude)

    def merged(self, overrides: dict) -> Config:
        """A copy with editor/CLI settings (same keys as the TOML table) applied on top."""
        data = {
            "select": self.select, "ignore": self.ignore, "exclude": self.exclude, "sinks": self.sinks,
            "entry_points": self.entry_points, "severity": self.severity, "queue": self.queue,
            "code_lens": self.code_lens, "jedi_budget": self.jedi_budget, "source": self.source,
            "python": self.python,
            "cache_dir": self.cache_dir,
        }
        for key, value in _normalise(overrides).items():
            if value not in (None, "", (), {}):
                data[key] = value
        return Config(**data)


def _normalise(table: dict) -> dict:
    out = {}
    for key, value in table.items():
        key = key.replace("-", "_")
        if key in ("select", "ignore", "exclude", "entry_points", "extend_exclude"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"`{key}` must be a list of strings")
            if key == "extend_exclude":
                key = "exclude"
            out[key] = tuple(v.upper() if key in ("select", "ignore") else v for v in value)
        elif key in ("sinks", "severity"):
            if not isinstance(value, dict):
                raise ConfigError(f"`{key}` must be a table")
            out[key] = {str(k): str(v) for k, v in value.items()}
        elif key in ("queue", "python", "cache_dir"):
            out[key] = str(value)
        elif key == "code_lens":
            out[key] = bool(value)
        elif key == "jedi_budget":
            if not isinstance(value, (int, float)) or value < 0:
                raise ConfigError("`jedi-budget` must be a number of seconds >= 0")
            out[key] = float(value)
    return out


def find_pyproject(start: str) -> str | None:
    current = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start))
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def load_config(start: str) -> Config:
    """Read `[tool.offpath]` from the nearest pyproject.toml at or above `start`."""
    path = find_pyproject(start)
    if path is None:
        return Config()
    return parse_config(_read(path), path)


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def parse_config(text: str, source: str = "pyproject.toml") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    table = data.get("tool", {}).get("offpath", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.offpath] must be a table")
    try:
        return Config(source=source).merged(table)
    except ConfigError as exc:
        raise ConfigError(f"{source}: [tool.offpath] {exc}") from None
