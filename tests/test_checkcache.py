"""The CLI's cache: a second `offpath check` prints what a check without the cache prints, on an
unchanged tree, after edits (a family of them per file, restored state brought up to date), and
after its entries were truncated, corrupted or written by an older format (rebuilt, never trusted);
`--no-cache` writes nothing; the cache folder ignores itself; `cache-dir` chooses the folder."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from differential import EXAMPLES, PROJECTS, copy_tree, edits, write
from offpath.analysis import checkcache, environment
from offpath.analysis.cache import STATE_MAGIC, ProjectCache
from offpath.analysis.config import load_config
from offpath.analysis.project import discover
from offpath.cli.main import main

SHOP = os.path.join(EXAMPLES, "flask_shop")


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the per-user key lives there


def check_json(root: str, *flags: str) -> str:
    out = os.path.join(os.path.dirname(root), "report.json")
    main(["check", root, "--format", "json", "--exit-zero", "-o", out, *flags])
    with open(out, encoding="utf-8") as handle:
        return handle.read()


def cached(root: str, cache_dir: str) -> checkcache.CheckResult:
    """The check `offpath check ROOT --cache-dir CACHE_DIR` runs, with what it did."""
    config = load_config(root)
    files = discover([root], config, root=root)
    found = environment.discover("", root, "--python")  # the environment the CLI finds by default
    return checkcache.check([root], [root], files, config, cache_dir, environment=found)


def state_files(cache_dir: str) -> list[str]:
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(cache_dir) for f in fs if f.endswith((".head", ".body")))


def test_second_check_on_an_unchanged_tree_answers_from_the_cache_with_the_same_json(tmp_path) -> None:
    root = copy_tree(SHOP, tmp_path)
    expected = check_json(root, "--no-cache")
    assert '"code": "OFP' in expected
    assert check_json(root) == expected  # cold, stores its state
    assert os.path.isdir(os.path.join(root, ".offpath_cache"))
    assert check_json(root) == expected  # answered from the cache
    assert cached(root, os.path.join(root, ".offpath_cache")).outcome == "unchanged"


@pytest.mark.parametrize("source", [SHOP, os.path.join(PROJECTS, "signals_receiver"),
                                    os.path.join(PROJECTS, "django_urls_three_deep")], ids=os.path.basename)
def test_after_each_edit_the_cached_check_equals_a_check_without_cache(source: str, tmp_path) -> None:
    root = copy_tree(source, tmp_path)
    cache_dir = str(tmp_path / "cache")
    cached(root, cache_dir)
    outcomes = set()
    for path in discover([root], root=root)[:4]:
        with open(path, encoding="utf-8") as handle:
            original = handle.read()
        for label, text in edits(path, original, budget=2):
            write(path, text)
            result = cached(root, cache_dir)
            outcomes.add(result.outcome)
            assert check_json(root, "--cache-dir", cache_dir) == check_json(root, "--no-cache"), (path, label)
    assert "edited" in outcomes


def test_an_edit_that_breaks_a_file_and_a_removed_file_match_a_check_without_cache(tmp_path) -> None:
    root = copy_tree(SHOP, tmp_path)
    check_json(root)
    services = os.path.join(root, "shop", "services", "payments.py")
    with open(services, encoding="utf-8") as handle:
        original = handle.read()
    write(services, original + "\ndef broken(:\n")
    assert check_json(root) == check_json(root, "--no-cache")
    assert "payments.py" in check_json(root)  # reported as skipped
    os.remove(services)
    assert check_json(root) == check_json(root, "--no-cache")
    write(services, original)
    assert check_json(root) == check_json(root, "--no-cache")


@pytest.mark.parametrize("how", ["truncated", "empty", "flipped byte", "old magic", "garbage"])
def test_a_damaged_or_old_format_entry_is_rebuilt_never_trusted(tmp_path, how: str) -> None:
    root = copy_tree(SHOP, tmp_path)
    cache_dir = str(tmp_path / "cache")
    expected = check_json(root, "--no-cache")
    assert check_json(root, "--cache-dir", cache_dir) == expected
    entries = state_files(cache_dir)
    assert {os.path.splitext(p)[1] for p in entries} == {".head", ".body"}
    for path in entries:
        with open(path, "rb") as handle:
            blob = handle.read()
        blob = {
            "truncated": blob[: len(blob) // 2],
            "empty": b"",
            "flipped byte": blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
            "old magic": b"OFPS0\n" + blob[len(STATE_MAGIC):],
            "garbage": os.urandom(len(blob)),
        }[how]
        with open(path, "wb") as handle:
            handle.write(blob)
    result = cached(root, cache_dir)
    assert result.outcome == "cold"  # nothing trusted
    assert check_json(root, "--cache-dir", cache_dir) == expected
    store = ProjectCache(cache_dir)
    key = checkcache.check_key([root], [root], load_config(root), environment.discover("", root, "--python"))
    assert store.load(key, "head") is not None and store.load(key, "body") is not None  # rewritten
    assert cached(root, cache_dir).outcome == "unchanged"


def test_a_state_from_other_analysis_code_is_not_read(tmp_path, monkeypatch) -> None:
    root = copy_tree(SHOP, tmp_path)
    cache_dir = str(tmp_path / "cache")
    cached(root, cache_dir)
    from offpath.analysis import cache as cache_module

    monkeypatch.setattr(cache_module, "_ANALYSIS_FINGERPRINT", ["v0-other-code"])
    assert cached(root, cache_dir).outcome == "cold"


def test_no_cache_writes_nothing(tmp_path) -> None:
    root = copy_tree(SHOP, tmp_path)
    check_json(root, "--no-cache")
    written = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path) for f in fs]
    assert not [p for p in written if ".offpath_cache" in p or f"{os.sep}offpath{os.sep}" in p], written


def test_the_cache_folder_ignores_itself(tmp_path) -> None:
    root = copy_tree(SHOP, tmp_path)
    check_json(root)
    with open(os.path.join(root, ".offpath_cache", ".gitignore"), encoding="utf-8") as handle:
        assert "*" in handle.read().splitlines()
    if shutil.which("git") is None:
        return
    subprocess.run(["git", "init", "-q", root], check=True)
    status = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=all"],
                            check=True, capture_output=True, text=True).stdout
    assert status.strip()  # the project's own files are untracked
    assert ".offpath_cache" not in status


def test_cache_dir_in_the_configuration_chooses_the_folder(tmp_path) -> None:
    root = copy_tree(SHOP, tmp_path)
    with open(os.path.join(root, "pyproject.toml"), "a", encoding="utf-8") as handle:
        handle.write('\n[tool.offpath]\ncache-dir = "build/offpath"\n')
    expected = check_json(root, "--no-cache")
    assert check_json(root) == expected
    assert state_files(os.path.join(root, "build", "offpath"))
    assert not os.path.exists(os.path.join(root, ".offpath_cache"))
    assert os.path.isfile(os.path.join(root, "build", "offpath", ".gitignore"))
