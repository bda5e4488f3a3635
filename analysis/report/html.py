"""The critical-path report as ONE self-contained HTML file: inline CSS and JS, no network at view
time (a Content-Security-Policy forbids it). The table and the category chart are rendered here, so
they read without JavaScript; the script adds sorting, filtering and draws each endpoint's call-chain
diagram as inline SVG from the JSON embedded in the page.
"""

from __future__ import annotations

import json
from html import escape

from .data import Endpoint, Report, category_label, format_seconds, short_name, to_dict

PALETTE = {
    "email": "#d9480f", "http": "#1c7ed6", "pdf": "#c2255c", "image": "#2b8a3e", "video": "#7048e8",
    "push": "#e67700", "sms": "#0b7285", "analytics": "#5f3dc4", "search_index": "#087f5b",
    "chat": "#a61e4d", "sleep": "#495057", "subprocess": "#862e9c",
}
FALLBACK_COLOR = "#868e96"


def color(category: str) -> str:
    return PALETTE.get(category, FALLBACK_COLOR)


def render_html(report: Report) -> str:
    """The whole page."""
    data = to_dict(report)
    data["colors"] = {category: color(category) for category in PALETTE}
    # `</script>` or `<!--` in a route or name would end or derail the script element: JSON reads `\u003c`.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    affected = report.affected
    slowest = affected[0] if affected and affected[0].wait_seconds > 0 else None
    title = f"Critical paths — {report.title}"
    number = {id(endpoint): n for n, endpoint in enumerate(report.endpoints)}
    return _PAGE.format(
        title=escape(title),
        heading=escape(report.title),
        endpoints=len(report.endpoints),
        affected=sum(1 for e in report.endpoints if e.effects),
        effects=sum(len(e.effects) for e in report.endpoints),
        wait=escape(format_seconds(report.wait_seconds)),
        after=escape(format_seconds(report.after_queue_seconds)),
        slowest=_slowest(slowest),
        chart=category_chart(report),
        rows="\n".join(_row(number[id(e)], e) for e in _by_wait(report.endpoints)),
        details="\n".join(_details(number[id(e)], e) for e in affected) or
        "<p class=muted>No endpoint has a synchronous side effect on its path.</p>",
        css=_CSS,
        script=_SCRIPT,
        data=payload,
    )


def category_chart(report: Report) -> str:
    """Horizontal bars: total estimated waiting time per category over all endpoints."""
    rows = list(report.by_category.items())
    if not rows:
        return "<p class=muted>No synchronous side effects found.</p>"
    top = max(seconds for seconds, _ in report.by_category.values()) or 1.0
    label_w, bar_w, row_h = 170, 420, 30
    height = row_h * len(rows) + 10
    parts = [(f'<svg id="category-chart" class="chart" role="img" viewBox="0 0 {label_w + bar_w + 150} {height}" '
              f'aria-label="Estimated waiting time by category">')]
    for number, (category, (seconds, count)) in enumerate(rows):
        y = 5 + number * row_h
        width = max(2.0, bar_w * seconds / top)
        label = escape(category_label(category))
        value = escape(f"{format_seconds(seconds)} · {count} call{'s' if count != 1 else ''}")
        parts.append(
            f'<g class="bar" data-category="{escape(category)}">'
            f'<title>{label}: {value}</title>'
            f'<text x="{label_w - 10}" y="{y + 19}" text-anchor="end">{label}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 10}" rx="3" fill="{color(category)}"/>'
            f'<text x="{label_w + width + 8:.1f}" y="{y + 19}" class="value">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _by_wait(endpoints) -> list[Endpoint]:
    return sorted(endpoints, key=lambda e: (-e.wait_seconds, e.label, e.name))


def _slowest(endpoint: Endpoint | None) -> str:
    if endpoint is None:
        return ""
    return (f'<div class="card"><div class="big">{escape(format_seconds(endpoint.wait_seconds))}</div>'
            f'<div>slowest: <code>{escape(endpoint.label)}</code></div></div>')


def _chips(endpoint: Endpoint) -> str:
    return "".join(
        f'<span class="chip" style="--c:{color(c)}">{escape(category_label(c))}</span>' for c in endpoint.categories
    )


def _row(number: int, endpoint: Endpoint) -> str:
    methods = " ".join(endpoint.methods) or "any"
    wait, after = endpoint.wait_seconds, endpoint.after_queue_seconds
    label = escape(endpoint.label)
    link = f'<a href="#ep-{number}">{label}</a>' if endpoint.effects or endpoint.notes else label
    return (
        f'<tr data-endpoint="{number}" class="{"hot" if endpoint.effects else "clean"}">'
        f'<td data-value="{escape(endpoint.route or endpoint.name)}">{link}'
        f'<div class="sub"><code>{escape(endpoint.name)}</code> · {escape(endpoint.path)}:{endpoint.line}</div></td>'
        f'<td data-value="{escape(endpoint.framework)}">{escape(endpoint.framework)}</td>'
        f'<td data-value="{escape(methods)}">{escape(methods)}</td>'
        f'<td data-value="{len(endpoint.effects)}">{_chips(endpoint) or "<span class=muted>none</span>"}</td>'
        f'<td data-value="{wait:.3f}" class="num">{escape(format_seconds(wait))}</td>'
        f'<td data-value="{after:.3f}" class="num">{escape(format_seconds(after))}</td>'
        "</tr>"
    )


def _details(number: int, endpoint: Endpoint) -> str:
    items = []
    for effect in endpoint.effects:
        chain = " → ".join(escape(short_name(h.name)) for h in effect.chain)
        items.append(
            f'<li><span class="chip" style="--c:{color(effect.category)}">{escape(category_label(effect.category))}</span> '
            f'<b>{escape(effect.code)}</b> <code>{escape(effect.api)}</code> '
            f'<span class="muted">({escape(effect.cost)}, {escape(effect.path)}:{effect.line})</span>'
            f'<div class="sub">{chain} → <code>{escape(short_name(effect.api))}</code></div></li>'
        )
    for note in endpoint.notes:
        items.append(f'<li><b>{escape(note.code)}</b> {escape(note.message)} '
                     f'<span class="muted">({escape(note.path)}:{note.line})</span></li>')
    return (
        f'<details class="endpoint" id="ep-{number}" open>'
        f'<summary><code>{escape(endpoint.label)}</code> <span class="muted">{escape(endpoint.framework)} · '
        f'waits {escape(format_seconds(endpoint.wait_seconds))}, '
        f'{escape(format_seconds(endpoint.after_queue_seconds))} after queueing</span></summary>'
        f'<div class="diagram" data-endpoint="{number}"></div>'
        f'<ul class="effects">{"".join(items)}</ul></details>'
    )


_CSS = """
:root { --fg:#212529; --muted:#6c757d; --line:#dee2e6; --bg:#fff; --soft:#f8f9fa; --accent:#1c7ed6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 12px; }
code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); } .sub { color: var(--muted); font-size: 12px; margin-top: 2px; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; margin: 18px 0; }
.card { flex: 1 1 150px; background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card .big { font-size: 26px; font-weight: 650; }
.chart { width: 100%; max-width: 760px; height: auto; font-size: 13px; }
.chart .value { fill: var(--muted); font-size: 12px; }
.chip { display: inline-block; padding: 0 7px; margin: 1px 3px 1px 0; border-radius: 10px; font-size: 12px;
        color: #fff; background: var(--c, #868e96); white-space: nowrap; }
input[type=search] { width: 320px; max-width: 100%; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
table { width: 100%; border-collapse: collapse; margin-top: 10px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0; }
th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.clean td { color: var(--muted); }
tr:hover td { background: #f1f3f5; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
details.endpoint { border: 1px solid var(--line); border-radius: 8px; margin: 12px 0; padding: 8px 14px; }
details.endpoint summary { cursor: pointer; padding: 4px 0; }
details.endpoint:target { border-color: var(--accent); box-shadow: 0 0 0 2px #d0ebff; }
.diagram { overflow-x: auto; margin: 8px 0; }
.diagram svg { display: block; font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.diagram .node rect { fill: #fff; stroke: #adb5bd; }
.diagram .node.sink rect { stroke: none; }
.diagram .node.handler rect { fill: #e7f5ff; stroke: var(--accent); }
.diagram .node.sink text { fill: #fff; }
.diagram .edge { fill: none; stroke: #adb5bd; stroke-width: 1.5; }
ul.effects { margin: 6px 0; padding-left: 18px; } ul.effects li { margin: 5px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("offpath-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var CHAR = 7.3, PAD = 10, ROW = 46, BOX = 32, GAP = 46;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function short(name) {
    var parts = name.split(".");
    var n = parts.length;
    return n >= 2 && /^[A-Z]/.test(parts[n - 2]) ? parts[n - 2] + "." + parts[n - 1] : parts[n - 1];
  }

  // Merge the endpoint's chains into a tree: handler -> calls -> sinks (the leaves).
  function tree(endpoint) {
    var root = {label: short(endpoint.name), title: endpoint.name, kind: "handler", children: [], index: {}};
    endpoint.effects.forEach(function (effect) {
      var node = root;
      effect.chain.slice(1).forEach(function (hop) {
        var child = node.index[hop.name];
        if (!child) {
          child = {label: short(hop.name), title: hop.name + "  (" + hop.path + ")", kind: "call", children: [], index: {}};
          node.index[hop.name] = child;
          node.children.push(child);
        }
        node = child;
      });
      node.children.push({label: effect.api.split(".").slice(-2).join("."), sub: effect.cost, title: effect.api + " — " + effect.code +
        " " + effect.rule + ", typically " + effect.cost + "  (" + effect.path + ":" + effect.line + ")",
        kind: "sink", category: effect.category, children: [], index: {}});
    });
    return root;
  }

  // Leaves take consecutive rows; a parent sits level with the middle of its children.
  function layout(root) {
    var columns = [], row = 0;
    (function place(node, depth) {
      node.depth = depth;
      var width = Math.max(node.label.length, (node.sub || "").length) * CHAR + 2 * PAD;
      columns[depth] = Math.max(columns[depth] || 0, width);
      node.children.forEach(function (child) { place(child, depth + 1); });
      if (node.children.length) {
        node.row = (node.children[0].row + node.children[node.children.length - 1].row) / 2;
      } else {
        node.row = row++;
      }
    })(root, 0);
    var xs = [0];
    for (var i = 1; i < columns.length; i++) xs[i] = xs[i - 1] + columns[i - 1] + GAP;
    return {columns: columns, xs: xs, rows: Math.max(row, 1)};
  }

  function draw(container, endpoint) {
    if (!endpoint.effects.length) return;
    var root = tree(endpoint), shape = layout(root);
    var width = shape.xs[shape.xs.length - 1] + shape.columns[shape.columns.length - 1] + 2;
    var svg = el("svg", {width: width, height: shape.rows * ROW, viewBox: "0 0 " + width + " " + shape.rows * ROW,
                         role: "img", "class": "chain", "aria-label": "call chains of " + endpoint.label});
    var edges = el("g", {"class": "edges"}, svg), nodes = el("g", {"class": "nodes"}, svg);
    (function visit(node) {
      var x = shape.xs[node.depth], y = node.row * ROW + (ROW - BOX) / 2, w = shape.columns[node.depth];
      if (node.kind === "sink") w = Math.max(node.label.length, node.sub.length) * CHAR + 2 * PAD;
      var g = el("g", {"class": "node " + node.kind, transform: "translate(" + x + "," + y + ")"}, nodes);
      el("title", {}, g).textContent = node.title;
      var rect = el("rect", {width: w, height: BOX, rx: 6}, g);
      // A style, not the fill attribute: the stylesheet's `.node rect` rule would win over it.
      if (node.kind === "sink") rect.style.fill = data.colors[node.category] || "#868e96";
      var label = el("text", {x: PAD, y: node.sub ? 14 : 20}, g);
      label.textContent = node.label;
      if (node.sub) {
        var sub = el("text", {x: PAD, y: 27, "font-size": "10"}, g);
        sub.textContent = node.sub;
      }
      node.children.forEach(function (child) {
        var x1 = x + shape.columns[node.depth], y1 = node.row * ROW + ROW / 2;
        var x2 = shape.xs[child.depth], y2 = child.row * ROW + ROW / 2, mid = (x1 + x2) / 2;
        el("path", {"class": "edge", d: "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2}, edges);
        visit(child);
      });
    })(root);
    container.appendChild(svg);
  }

  document.querySelectorAll(".diagram[data-endpoint]").forEach(function (container) {
    draw(container, data.endpoints[Number(container.getAttribute("data-endpoint"))]);
  });

  // Sortable columns: numbers compare as numbers, the rest as text.
  var table = document.getElementById("endpoints"), body = table.tBodies[0];
  table.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var numeric = th.getAttribute("data-type") === "number";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-value"), y = b.cells[column].getAttribute("data-value");
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  document.getElementById("filter").addEventListener("input", function (event) {
    var needle = event.target.value.toLowerCase();
    Array.prototype.forEach.call(body.rows, function (row) {
      row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
    });
  });
})();
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="offpath">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<main>
<h1>Critical paths of <code>{heading}</code></h1>
<p class="muted">Synchronous side effects that users wait for, found by offpath's static analysis. Times are typical costs, not measurements.</p>
<div class="cards">
<div class="card"><div class="big">{endpoints}</div><div>entry points</div></div>
<div class="card"><div class="big">{affected}</div><div>with {effects} side effects</div></div>
<div class="card"><div class="big">{wait}</div><div>users wait on side effects</div></div>
<div class="card"><div class="big">{after}</div><div>after moving them to a queue</div></div>
{slowest}
</div>
<h2>Waiting time by category</h2>
{chart}
<h2>Endpoints</h2>
<input type="search" id="filter" placeholder="Filter endpoints…" aria-label="Filter endpoints">
<table id="endpoints">
<thead><tr>
<th data-type="text">Endpoint</th><th data-type="text">Framework</th><th data-type="text">Methods</th>
<th data-type="number">Side effects</th><th data-type="number" aria-sort="descending">Est. wait</th><th data-type="number">After queue</th>
</tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Call chains</h2>
{details}
<footer>Generated by offpath. Estimated wait adds up each side effect's typical cost; after queueing, each costs one enqueue (~5 ms).</footer>
</main>
<script type="application/json" id="offpath-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
