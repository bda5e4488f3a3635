"""The quick-fix cache (server/fixes.py): a call site's fixes are computed once per text, and
recomputed when a file they read changes or the findings of such a file change."""

from __future__ import annotations

import os

from offpath.analysis.project import Project, discover, read_source
from offpath.server.fixes import FixCache, group_by_site

PROJECT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "projects", "flask_provider_dict")


def test_fixes_are_cached_per_text_and_findings() -> None:
    root = os.path.abspath(PROJECT)
    project = Project([root], hops=True)
    project.load(discover([root], project.config, root=root))
    site = group_by_site([f for found in project.all_findings().values() for f in found if not f.hop])[0]
    texts = {}

    def text_of(path: str):
        return texts.get(path) or read_source(path)

    cache = FixCache()
    first = cache.fixes(project, site, text_of)
    assert [f.title for f in first][-1] == "Ignore OFP101, OFP102 on this line"
    assert cache.fixes(project, site, text_of) is first and cache.hits == 1
    # A file the fix edits changed (an unsaved buffer): computed again.
    edited = next(e.path for e in first[0].edits if e.path.endswith("accounts.py"))
    texts[edited] = read_source(edited) + "\n# edited\n"
    assert cache.get(site, text_of) is None
    texts.clear()
    assert cache.get(site, text_of) is first
    # Findings of an unrelated file changed: kept; of the site's own file: dropped.
    cache.invalidate({os.path.join(root, "app", "auth", "__init__.py")})
    assert cache.get(site, text_of) is first
    cache.invalidate({site[0].path})
    assert cache.get(site, text_of) is None
    # A result computed before a change is not stored after it.
    generation = cache.generation
    cache.invalidate(set())
    cache.put(site, first, text_of, generation)
    assert cache.get(site, text_of) is None
