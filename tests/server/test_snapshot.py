"""Worker jobs read an immutable snapshot taken when they were queued, never the loop's live state."""

from __future__ import annotations

import os
import shutil

from offpath.analysis.config import Config
from offpath.analysis.project import Project
from offpath.server.session import Session

RULES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "rules")


def test_a_fix_job_works_on_the_buffers_as_they_were_when_it_was_queued(tmp_path) -> None:
    path = str(tmp_path / "OFP101_django_mail.py")
    shutil.copy(os.path.join(RULES, "OFP101_django_mail.py"), path)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    session = Session(server=None)
    session.roots = [str(tmp_path)]
    session.project = Project([str(tmp_path)], Config(jedi_budget=0), hops=True)
    session.project.load([path])
    findings = session.project.findings(path)
    assert findings
    session.open[path] = text
    job = session.fixes_job(path, [findings[:1]])
    session.open[path] = "def broken(:\n"  # the user typed on while the job waited in the queue
    ((site, fixes),) = job()
    assert site == findings[:1]
    # The ignore comment is computed on (and parses in) the queued text, not the newer buffer.
    assert any(fix.title.startswith("Ignore") for fix in fixes)
