"""The critical-path report: its model, the Markdown, and the HTML page rendered in headless Chromium
(table rows, call-chain SVG, sorting and filtering) with a screenshot kept in test-artifacts/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from offpath.cli.main import load_project, main
from offpath.analysis.config import Config
from offpath.analysis.report import build_report, render_html, render_markdown, to_dict
from offpath.analysis.report.data import QUEUE_DISPATCH_SECONDS, Effect, Endpoint, Hop, Report

HERE = os.path.dirname(__file__)
ROOT = os.path.dirname(HERE)
ARTIFACTS = os.path.join(ROOT, "test-artifacts")
FIXTURE = os.path.join(HERE, "fixtures", "projects", "django_urls_three_deep")
DJANGO_SHOP = os.path.join(ROOT, "examples", "django_shop")
EXAMPLE = DJANGO_SHOP if os.path.isdir(DJANGO_SHOP) else FIXTURE


def report_of(path: str, config: Config | None = None) -> Report:
    project, _ = load_project([path], config or Config())
    return build_report(project, path, os.path.basename(path))


@pytest.fixture(scope="module")
def example() -> Report:
    return report_of(EXAMPLE)


# -- the model ------------------------------------------------------------------------------------
def test_every_entry_point_is_listed_with_its_findings(example):
    project, by_file = load_project([EXAMPLE], Config())
    assert [e.name for e in example.endpoints] == [e.name for e in project.entry_points()]
    findings = [f for found in by_file.values() for f in found if f.entry is not None and f.sink is not None]
    effects = [(e.name, x.code, x.api) for e in example.endpoints for x in e.effects]
    assert sorted(effects) == sorted((f.entry.name, f.code, f.sink.api) for f in findings)


def test_wait_and_after_queue_add_up(example):
    hot = [e for e in example.endpoints if e.effects]
    assert hot
    for endpoint in hot:
        assert endpoint.wait_seconds == pytest.approx(sum(x.seconds for x in endpoint.effects))
        assert endpoint.after_queue_seconds == pytest.approx(len(endpoint.effects) * QUEUE_DISPATCH_SECONDS)
        assert endpoint.after_queue_seconds < endpoint.wait_seconds
        for effect in endpoint.effects:
            assert effect.chain[0].name == endpoint.name and effect.cost and effect.seconds > 0
    assert sum(s for s, _ in example.by_category.values()) == pytest.approx(example.wait_seconds)
    seconds = [s for s, _ in example.by_category.values()]
    assert seconds == sorted(seconds, reverse=True)


def test_fixture_chain_is_three_calls_deep():
    report = report_of(FIXTURE)
    (checkout,) = [e for e in report.endpoints if e.effects]
    assert (checkout.name, checkout.route, checkout.framework) == ("shop.views.checkout", "/shop/checkout/", "django")
    (effect,) = checkout.effects
    assert (effect.code, effect.category, effect.api) == ("OFP101", "email", "django.core.mail.send_mail")
    assert [h.name.rsplit(".", 1)[-1] for h in effect.chain] == ["checkout", "place_order", "_notify", "send"]
    assert effect.path == "shop/notifications/mail.py"


def test_suppressed_and_deselected_findings_are_left_out(tmp_path):
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    assert report_of(str(root), Config(ignore=("OFP101",))).wait_seconds == 0
    views = root / "shop" / "views.py"
    text = views.read_text(encoding="utf-8")
    marked = "  # OFP101"
    assert marked in text
    views.write_text(text.replace(marked, "  # offpath: ignore[OFP101]"), encoding="utf-8")
    report = report_of(str(root))
    assert report.endpoints and not any(e.effects for e in report.endpoints)


# -- Markdown and JSON ----------------------------------------------------------------------------
def test_markdown_table_and_chains(example):
    text = render_markdown(example)
    assert text.startswith("## offpath: critical paths of")
    assert "| Endpoint | Framework | Side effects | Est. wait | After queue |" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(example.affected)
    assert "<details><summary>Call chains</summary>" in text and text.rstrip().endswith("</details>")


def test_markdown_escapes_pipes_and_backticks():
    effect = Effect("OFP101", "sync-email", "email", "a.send_mail", "1 s", 1.0, "m", "a.py", 3,
                    (Hop("a.view", "a.py", 3),))
    endpoint = Endpoint("a.view", "GET /a|b`c", "flask", "/a|b`c", ("GET",), "a.py", 1, (effect,), ())
    text = render_markdown(Report("t", "/", (endpoint,)))
    assert "| `GET /a\\|b'c` | flask | Email | ~1.0 s | ~5 ms |" in text


def test_json_data_is_the_model(example):
    data = to_dict(example)
    assert len(data["endpoints"]) == len(example.endpoints)
    assert data["wait_seconds"] == pytest.approx(example.wait_seconds, abs=1e-3)
    json.dumps(data)


def test_cli_report_formats(tmp_path, capsys):
    html_path, md_path = tmp_path / "report.html", tmp_path / "report.md"
    assert main(["report", FIXTURE, "--output", str(html_path)]) == 0
    assert html_path.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert main(["report", FIXTURE, "-o", str(md_path)]) == 0
    assert md_path.read_text(encoding="utf-8").startswith("## offpath")
    capsys.readouterr()
    assert main(["report", FIXTURE, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "django_urls_three_deep"
    assert main(["report", str(tmp_path / "missing")]) == 2


# -- the HTML page --------------------------------------------------------------------------------
def test_html_is_self_contained(example):
    page = render_html(example)
    assert "<link" not in page and not re.search(r"<script[^>]*\ssrc=", page) and not re.search(r"<img", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_html_escapes_names_and_data():
    effect = Effect("OFP101", "sync-email", "email", "x.send", "1 s", 1.0, "m", "a.py", 3, (Hop("a.view", "a.py", 3),))
    endpoint = Endpoint("a.view", "/<script>alert(1)</script>", "flask", "/<script>alert(1)</script>", (), "a.py", 1,
                        (effect,), ())
    page = render_html(Report("<b>t</b>", "/", (endpoint,)))
    assert "<script>alert(1)" not in page and "<b>t</b>" not in page
    embedded = re.search(r'<script type="application/json" id="offpath-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(embedded)["endpoints"][0]["route"] == "/<script>alert(1)</script>"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "headless Chromium is needed for the report test: apt-get install chromium (see .ci/setup.sh)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_chromium(page: str, profile, *args: str) -> subprocess.CompletedProcess:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={profile}", "--window-size=1280,2000", "--virtual-time-budget=5000",
               *args, f"file://{page}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


# Appended to a copy of the page: click the Endpoint header twice, the wait header once, type into the
# filter, and record what the table showed, for --dump-dom to read back.
PROBE = """<script>
(function () {
  function order() { return Array.prototype.map.call(document.querySelectorAll("#endpoints tbody tr"),
    function (row) { return row.getAttribute("data-endpoint"); }).join(","); }
  var heads = document.querySelectorAll("#endpoints th");
  var out = {initial: order()};
  heads[0].click(); out.byNameDesc = order(); heads[0].click(); out.byNameAsc = order();
  heads[4].click(); out.byWaitDesc = order();
  var filter = document.getElementById("filter");
  filter.value = NEEDLE; filter.dispatchEvent(new Event("input"));
  out.visible = Array.prototype.filter.call(document.querySelectorAll("#endpoints tbody tr"),
    function (row) { return !row.hidden; }).map(function (row) { return row.getAttribute("data-endpoint"); }).join(",");
  var probe = document.createElement("pre"); probe.id = "probe"; probe.textContent = JSON.stringify(out);
  document.body.appendChild(probe);
})();
</script>"""


def test_html_report_in_headless_chromium(example, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(example), encoding="utf-8")
    os.makedirs(ARTIFACTS, exist_ok=True)
    shot = os.path.join(ARTIFACTS, f"report-{os.path.basename(EXAMPLE)}.png")
    if os.path.exists(shot):
        os.remove(shot)
    run_chromium(str(page), tmp_path / "profile-shot", f"--screenshot={shot}")
    with open(shot, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 1280

    dom = run_chromium(str(page), tmp_path / "profile-dom", "--dump-dom").stdout
    rows = re.findall(r'<tr data-endpoint="(\d+)"', dom)
    assert sorted(map(int, rows)) == list(range(len(example.endpoints)))
    hot = [n for n, e in enumerate(example.endpoints) if e.effects]
    diagrams = re.findall(r'<div class="diagram" data-endpoint="(\d+)"><svg[^>]*class="chain"', dom)
    assert sorted(map(int, diagrams)) == hot, "every endpoint with side effects gets its diagram drawn"
    assert dom.count('class="node sink"') == sum(len(e.effects) for e in example.endpoints)
    assert dom.count('class="node handler"') == len(hot)
    assert dom.count('class="edge"') >= sum(len(e.effects) for e in example.endpoints)
    for endpoint in example.endpoints:
        for effect in endpoint.effects:
            assert f"<title>{effect.api} — {effect.code}" in dom
    assert re.search(r'<svg id="category-chart"', dom)
    assert dom.count('<g class="bar"') == len(example.by_category)


def test_html_sorting_and_filtering_in_headless_chromium(example, tmp_path):
    by_wait = sorted(range(len(example.endpoints)), key=lambda n: -example.endpoints[n].wait_seconds)
    target = example.endpoints[by_wait[0]]
    page = tmp_path / "probe.html"
    probe = PROBE.replace("NEEDLE", json.dumps(target.name.lower()))
    page.write_text(render_html(example).replace("</body>", probe + "</body>"), encoding="utf-8")
    dom = run_chromium(str(page), tmp_path / "profile", "--dump-dom").stdout
    state = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL).group(1).replace("&quot;", '"'))

    def numbers(value: str) -> list[int]:
        return [int(n) for n in value.split(",")]

    waits = [example.endpoints[n].wait_seconds for n in numbers(state["initial"])]
    assert waits == sorted(waits, reverse=True)
    def keys(value: str) -> list[str]:
        return [example.endpoints[n].route or example.endpoints[n].name for n in numbers(value)]

    # Clicking a header again reverses the order (the text order itself is the browser's localeCompare).
    assert keys(state["byNameDesc"]) == list(reversed(keys(state["byNameAsc"])))
    assert sorted(numbers(state["byNameAsc"])) == list(range(len(example.endpoints)))
    waits = [example.endpoints[n].wait_seconds for n in numbers(state["byWaitDesc"])]
    assert waits == sorted(waits, reverse=True)
    visible = numbers(state["visible"])
    assert by_wait[0] in visible
    assert all(target.name.lower() in example.endpoints[n].name.lower() for n in visible)
