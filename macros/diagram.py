"""The decision flow as a picture: a tree drawn at build time from checker/flow.py.

One node per question, per option of each question and per outcome; an edge from each
question to its options, and from each option to what the flow asks or decides next. An
option can lead to different places depending on earlier answers (other_channel=no leads
to origin, permanent or contact_time, by the cause), so those edges are found by walking
every state of the flow, never written by hand. The words are the short labels of
``content/diagram.toml``: a flow ID without one fails the build.

Graphviz's ``dot`` lays the graph out (npm ``@viz-js/viz``, Graphviz in WebAssembly, run by
Node.js: ``diagram_layout.mjs``); its SVG is then rewritten for the page: no script, no
reference outside the page, the site's colours, ``data-node`` and ``data-edge`` names, each
outcome a link to its checker page. Layouts are cached in ``.cache/`` by their input.

Beside the picture the same tree is written as a nested list, which is what screen readers
read (the picture is hidden from them): see :func:`figure`.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import subprocess
import textwrap
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from checker import walk_paths, walk_states
from checker.flow import FLOW, Flow
from content import Content
from macros import cache
from macros.diagram_geometry import closest_approach

PROJECT_DIR = Path(__file__).resolve().parent.parent
LAYOUT_SCRIPT = Path(__file__).resolve().parent / "diagram_layout.mjs"
VIZ_PACKAGE = PROJECT_DIR / "node_modules" / "@viz-js" / "viz" / "package.json"
CACHE_DIR = cache.CACHE_DIR

# Characters per line of a label: Graphviz does not wrap text itself.
LABEL_WIDTH = 16

# The site's colours (Material's indigo, the checker's green of an exemption, its text).
PRIMARY = "#3f51b5"
PRIMARY_LIGHT = "#e8eaf6"
EXEMPT = "#2e7d32"
EXEMPT_LIGHT = "#e8f5e9"
TEXT = "#212121"
EDGE = "#5c6bc0"


# The space between boxes side by side and between ranks (Graphviz's nodesep and ranksep,
# inches), tightest first. Each language's tree takes the first that keeps every arrow at
# least MIN_CLEARANCE from every box it does not join: closer, an arrow that passes a box's
# corner reads as an arrow into it.
SPACINGS = ((0.12, 0.22), (0.12, 0.4), (0.2, 0.4), (0.3, 0.4), (0.3, 0.5), (0.4, 0.6))
MIN_CLEARANCE = 2.0  # CSS pixels at the drawing's natural size


class DiagramError(Exception):
    """The layout could not be made (Node.js or Graphviz failed)."""


def question_node(question_id: str) -> str:
    return f"question:{question_id}"


def option_node(question_id: str, option_id: str) -> str:
    return f"option:{question_id}:{option_id}"


def outcome_node(outcome_id: str) -> str:
    return f"outcome:{outcome_id}"


@dataclass(frozen=True)
class Graph:
    # Node names (question:…, option:…:…, outcome:…) in the flow's order.
    nodes: tuple[str, ...]
    # (from, to) pairs, in the order the walk first meets them.
    edges: tuple[tuple[str, str], ...]


def flow_graph(flow: Flow = FLOW) -> Graph:
    """Every question, option and outcome, and where each answer leads on some path."""
    nodes = [
        *(
            name
            for question in flow.questions
            for name in (
                question_node(question.id),
                *(option_node(question.id, option) for option in question.options),
            )
        ),
        *(outcome_node(outcome.id) for outcome in flow.outcomes),
    ]
    edges = {
        (question_node(question.id), option_node(question.id, option)): None
        for question in flow.questions
        for option in question.options
    }
    for state in walk_states(flow):
        question = flow.next_question(state)
        if question is None:
            continue
        for option in question.options:
            after = {**state, question.id: option}
            following = flow.next_question(after)
            target = (
                question_node(following.id)
                if following is not None
                else outcome_node(flow.outcome_for(after).id)
            )
            edges[(option_node(question.id, option), target)] = None
    return Graph(nodes=tuple(nodes), edges=tuple(edges))


def outcome_pages(flow: Flow = FLOW) -> dict[str, dict[str, str]]:
    """For each outcome, the answers of the first path (in walk order) that reaches it."""
    return {outcome: dict(answers) for outcome, answers in _first_paths(flow).items()}


@functools.cache  # asked once per checker state of every language: the walk is done once
def _first_paths(flow: Flow) -> dict[str, dict[str, str]]:
    first: dict[str, dict[str, str]] = {}
    for answers, outcome in walk_paths(flow):
        first.setdefault(outcome, answers)
    return first


def labels(content: Content, language: str, flow: Flow = FLOW) -> dict[str, str]:
    """The short label of every node, from content (a missing one raises ContentError)."""
    found = {}
    for question in flow.questions:
        key = f"diagram.question.{question.id}"
        found[question_node(question.id)] = content.text(key, language)
        for option in question.options:
            key = f"diagram.option.{question.id}.{option}"
            found[option_node(question.id, option)] = content.text(key, language)
    for outcome in flow.outcomes:
        found[outcome_node(outcome.id)] = content.text(f"diagram.outcome.{outcome.id}", language)
    return found


# Spaces no line may break at: before French "?", ":", "!", ";" and "»", after "«", and
# inside a number ("02 511 51 51"). textwrap breaks at ASCII whitespace only.
UNBREAKABLE_SPACE = re.compile(r" (?=[?:!;»])|(?<=«) |(?<=\d) (?=\d)")


def label_lines(text: str) -> list[str]:
    """A label cut into the lines drawn: Graphviz does not wrap text itself."""
    kept = UNBREAKABLE_SPACE.sub("\u00a0", text)
    return textwrap.wrap(kept, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)


def _measured(line: str) -> str:
    """``line`` as Graphviz measures it: its text-width tables are ASCII only (it warns on
    any other letter and takes it as a space), so accented letters are given as their base
    letter, of about the same width, and other signs as an "o". The SVG then gets the real
    text back (:func:`_rewritten`)."""
    decomposed = unicodedata.normalize("NFKD", line)
    letters = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isascii() else "o" for c in letters)


def _dot_string(lines: list[str]) -> str:
    escaped = [_measured(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _node_style(name: str, flow: Flow) -> str:
    kind, _, rest = name.partition(":")
    if kind == "question":
        return (
            f'shape=box, style="rounded,filled", color="{PRIMARY}", fillcolor="{PRIMARY}", '
            'fontcolor="white", penwidth=1'
        )
    if kind == "option":
        return f'shape=box, style="rounded,filled", color="{PRIMARY}", fillcolor="white"'
    outcome = flow.outcome(rest)
    assert outcome is not None, rest
    colour, fill = (EXEMPT, EXEMPT_LIGHT) if outcome.exempts else (PRIMARY, PRIMARY_LIGHT)
    return f'shape=box, style="filled", color="{colour}", fillcolor="{fill}", penwidth=2'


def dot_source(
    graph: Graph,
    node_labels: dict[str, str],
    flow: Flow = FLOW,
    spacing: tuple[float, float] = SPACINGS[0],
) -> str:
    """The graph in Graphviz's language; nodes and edges are named by their position
    (n0, e0, ...), which :func:`_rewritten` maps back to their names."""
    nodesep, ranksep = spacing
    lines = [
        "digraph flow {",
        # ordering=out: each question's options in their declared order, left to right.
        f"  graph [rankdir=TB, ordering=out, nodesep={nodesep}, ranksep={ranksep}, "
        'bgcolor="transparent", fontname="Helvetica"];',
        f'  node [fontname="Helvetica", fontsize=13, fontcolor="{TEXT}", margin="0.1,0.05", '
        "height=0.3];",
        f'  edge [color="{EDGE}", arrowsize=0.6, penwidth=1.2];',
    ]
    for position, name in enumerate(graph.nodes):
        label = _dot_string(label_lines(node_labels[name]))
        lines.append(f'  n{position} [id="n{position}", label={label}, {_node_style(name, flow)}];')
    index = {name: position for position, name in enumerate(graph.nodes)}
    # The options of a question side by side, in their order: the tree reads as the checker.
    for question in flow.questions:
        same = " ".join(f"n{index[option_node(question.id, o)]};" for o in question.options)
        lines.append(f"  {{ rank=same; {same} }}")
    for position, (source, target) in enumerate(graph.edges):
        lines.append(f'  n{index[source]} -> n{index[target]} [id="e{position}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _layout_key(source: str) -> str:
    key = hashlib.sha256(source.encode("utf-8"))
    key.update(LAYOUT_SCRIPT.read_bytes())
    key.update(VIZ_PACKAGE.read_bytes())
    return key.hexdigest()[:16]


def layout(sources: list[str]) -> list[str]:
    """Graphviz's SVG of each DOT source, from the cache or made by Node.js in one call."""
    cached = {source: CACHE_DIR / f"diagram-{_layout_key(source)}.svg" for source in sources}
    missing = [source for source in sources if not cached[source].exists()]
    if missing:
        try:
            result = subprocess.run(
                ["node", str(LAYOUT_SCRIPT)],
                input=json.dumps(missing),
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
                cwd=PROJECT_DIR,
            )
            drawings = json.loads(result.stdout)
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            detail = getattr(error, "stderr", "") or ""
            raise DiagramError(
                f"could not lay the diagram out with Node.js: {error} {detail}"
            ) from error
        for source, drawing in zip(missing, drawings, strict=True):
            cache.write(cached[source], drawing.encode("utf-8"))
    return [cached[source].read_text(encoding="utf-8") for source in sources]


# Attributes of Graphviz's drawing the page does without: xml:space (no spaces to keep) and
# font-family (the text takes the site's font from guide.css).
DROPPED_ATTRIBUTES = ("{http://www.w3.org/XML/1998/namespace}space", "font-family")


def _rewritten(
    drawing: str, graph: Graph, node_labels: dict[str, str], hrefs: dict[str, str], start: str
) -> str:
    """Graphviz's SVG made fit for the page (see the module's docstring)."""
    root = ElementTree.fromstring(drawing)
    width, height = (float(value) for value in root.attrib["viewBox"].split()[2:])
    # The natural size, one unit a CSS pixel; guide.css fits it to the column.
    root.attrib = {
        "class": "cw-diagram__picture",
        "viewBox": root.attrib["viewBox"],
        "width": f"{width:g}",
        "height": f"{height:g}",
        "aria-hidden": "true",
        "focusable": "false",
    }
    canvas = root.find("g")
    assert canvas is not None and canvas.get("class") == "graph", "Graphviz's drawing changed"
    canvas.attrib.pop("id", None)
    # Graphviz's tooltips (<title>: each label again) and its white background.
    for child in list(canvas):
        if child.tag in ("title", "polygon"):
            canvas.remove(child)
    for element in root.iter():
        for attribute in DROPPED_ATTRIBUTES:
            element.attrib.pop(attribute, None)
        # Graphviz's line breaks between elements: a blank line would end Markdown's raw block.
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        if element.tag != "text" and element.text is not None and not element.text.strip():
            element.text = None
    for group in canvas.findall("g"):
        for child in group.findall("title"):
            group.remove(child)
        given = group.attrib.pop("id")
        kind, position = given[0], int(given[1:])
        if kind == "n":
            name = graph.nodes[position]
            texts = group.findall("text")
            lines = label_lines(node_labels[name])
            assert len(texts) == len(lines), f"{name}: {len(texts)} lines drawn, {len(lines)} given"
            for drawn, line in zip(texts, lines, strict=True):
                drawn.text = line
            group.attrib = {
                "class": f"cw-diagram__node cw-diagram__node--{name.partition(':')[0]}",
                "data-node": name,
            }
            if name == start:
                # Where the flow starts: a narrow screen opens the picture there (diagram.js).
                group.attrib["data-diagram-start"] = ""
            if name in hrefs:
                # Wrap the drawing of the node in its link. Out of the tab order: the
                # picture is hidden from assistive technology, and the same links come
                # in the list that follows it.
                link = ElementTree.Element("a", {"href": hrefs[name], "tabindex": "-1"})
                link.extend(list(group))
                for child in list(group):
                    group.remove(child)
                group.append(link)
        else:
            source, target = graph.edges[position]
            group.attrib = {"class": "cw-diagram__edge", "data-edge": f"{source}->{target}"}
    return ElementTree.tostring(root, encoding="unicode")


def picture(content: Content, language: str, hrefs: dict[str, str], flow: Flow = FLOW) -> str:
    """The SVG of the tree in ``language``; ``hrefs`` maps outcome nodes to their pages."""
    graph = flow_graph(flow)
    node_labels = labels(content, language, flow)
    start = question_node(flow.next_question({}).id)
    closest = None
    for spacing in SPACINGS:
        (drawing,) = layout([dot_source(graph, node_labels, flow, spacing)])
        svg = _rewritten(drawing, graph, node_labels, hrefs, start)
        closest = closest_approach(svg)
        if closest is None or closest.distance >= MIN_CLEARANCE:
            return svg
    assert closest is not None
    raise DiagramError(
        f"{language}: at every spacing an arrow passes a box it does not join at less than "
        f"{MIN_CLEARANCE:g} px (widest spacing: {closest.edge} at {closest.distance:.1f} px "
        f"from {closest.node}); add a wider spacing to SPACINGS"
    )


def text_tree(content: Content, language: str, hrefs: dict[str, str], flow: Flow = FLOW) -> str:
    """The same tree as a nested list, following the walk: under each answer, what comes
    next on that path (so a question reached by several paths is listed under each)."""
    node_labels = labels(content, language, flow)

    def named(name: str, tag: str = "span") -> str:
        attributes = f' data-node="{name}"'
        if name in hrefs:
            tag, attributes = "a", f'{attributes} href="{html.escape(hrefs[name])}"'
        return f"<{tag}{attributes}>{html.escape(node_labels[name])}</{tag}>"

    def options(state: dict[str, str]) -> str:
        question = flow.next_question(state)
        assert question is not None
        items = []
        for option in question.options:
            after = {**state, question.id: option}
            following = flow.next_question(after)
            if following is None:
                then = named(outcome_node(flow.outcome_for(after).id))
                rest = ""
            else:
                then = named(question_node(following.id), "strong")
                rest = options(after)
            items.append(f"<li>{named(option_node(question.id, option))} → {then}{rest}</li>")
        return "<ul>" + "".join(items) + "</ul>"

    first = flow.next_question({})
    assert first is not None
    root = named(question_node(first.id), "strong")
    return f'<ul class="cw-diagram__tree"><li>{root}{options({})}</li></ul>'


def figure(content: Content, language: str, hrefs: dict[str, str], flow: Flow = FLOW) -> str:
    """The picture and the list, in one figure of one line of HTML (a raw block for
    Markdown). The picture is hidden from assistive technology: the list says the same,
    as text, with the same links (WCAG 1.1.1), where a role="img" could hold no link."""

    def text(key: str) -> str:
        return html.escape(content.text(key, language))

    return (
        '<figure class="cw-diagram" id="diagram">'
        f"<figcaption><strong>{text('diagram.title')}</strong> {text('diagram.caption')}"
        "</figcaption>"
        # It scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it.
        f'<div class="cw-diagram__box" role="region" tabindex="0" '
        f'aria-label="{text("diagram.picture_label")}">'
        f"{picture(content, language, hrefs, flow)}</div>"
        f'<details class="cw-diagram__list"><summary>{text("diagram.list_summary")}</summary>'
        f"{text_tree(content, language, hrefs, flow)}</details>"
        "</figure>"
    )
