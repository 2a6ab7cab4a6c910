"""The decision tree of the procedure page: the picture and the list say what the flow says.

What the tree must show is computed here from the flow's complete paths (``walk_paths``),
independently of macros/diagram.py, which walks the states; the built pages are read as a
reader gets them, in every language of the content, online and from the offline bundle.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from test_accessibility import axe_violations
from test_browser import VIOLATIONS
from test_content import _edit, _failed_build, project_copy  # noqa: F401 (a fixture)

import content
from checker import walk_paths
from checker.flow import FLOW
from macros import diagram, diagram_geometry

TEXTS = content.load()
LANGUAGES = list(TEXTS.languages)
PATHS = walk_paths()


def _expected_nodes() -> set[str]:
    return {
        *(f"question:{q.id}" for q in FLOW.questions),
        *(f"option:{q.id}:{o}" for q in FLOW.questions for o in q.options),
        *(f"outcome:{o.id}" for o in FLOW.outcomes),
    }


def _expected_edges() -> set[str]:
    """Question -> each option it is answered with on some path; option -> the question asked
    next on that path, or the path's outcome."""
    edges = set()
    for answers, outcome in PATHS:
        steps = list(answers.items())
        for position, (question, option) in enumerate(steps):
            edges.add(f"question:{question}->option:{question}:{option}")
            following = (
                f"question:{steps[position + 1][0]}"
                if position + 1 < len(steps)
                else f"outcome:{outcome}"
            )
            edges.add(f"option:{question}:{option}->{following}")
    return edges


def _first_paths() -> dict[str, str]:
    """The checker folder of the first path (walk order) that reaches each outcome."""
    first: dict[str, str] = {}
    for answers, outcome in PATHS:
        first.setdefault(outcome, "/".join(f"{q}-{o}" for q, o in answers.items()))
    return first


def _label(name: str, language: str) -> str:
    kind, _, rest = name.partition(":")
    return _flat(TEXTS.text(f"diagram.{kind}.{rest.replace(':', '.')}", language))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _procedure(site: Path, language: str) -> Path:
    online = site / language / "procedure" / "index.html"
    return online if online.exists() else site / language / "procedure.html"


def _parts(page: Path) -> tuple[ElementTree.Element, ElementTree.Element]:
    """The picture (svg) and the list (ul) of the page, as XML trees."""
    html = page.read_text(encoding="utf-8")
    assert html.count('class="cw-diagram"') == 1, page
    svg = re.search(r'<svg class="cw-diagram__picture".*?</svg>', html, re.DOTALL)
    tree = re.search(r'<ul class="cw-diagram__tree">.*</ul>(?=</details>)', html, re.DOTALL)
    assert svg and tree, page
    return ElementTree.fromstring(svg[0]), ElementTree.fromstring(tree[0])


def _nodes(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return [group for group in svg.iter("g") if "data-node" in group.attrib]


def _href(group: ElementTree.Element) -> str | None:
    link = group.find("a")
    return None if link is None else link.get("href")


def _target(page: Path, href: str) -> Path:
    path = (page.parent / urlsplit(href).path).resolve()
    return path / "index.html" if path.is_dir() else path


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_node_per_question_option_and_outcome_with_its_label(built_site, language):
    svg, _ = _parts(_procedure(built_site, language))
    names = [group.get("data-node") for group in _nodes(svg)]
    assert sorted(names) == sorted(_expected_nodes()), "each once, no more, no less"
    for group in _nodes(svg):
        drawn = " ".join(text.text or "" for text in group.iter("text"))
        assert _flat(drawn) == _label(group.get("data-node"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_edges_are_the_flows(built_site, language):
    svg, _ = _parts(_procedure(built_site, language))
    edges = [group.get("data-edge") for group in svg.iter("g") if "data-edge" in group.attrib]
    assert len(edges) == len(set(edges))
    assert set(edges) == _expected_edges()
    # The case that made the walk necessary: one answer, three places, by the cause.
    assert {e for e in edges if e.startswith("option:other_channel:no->")} == {
        "option:other_channel:no->question:origin",
        "option:other_channel:no->question:permanent",
        "option:other_channel:no->question:contact_time",
    }


@pytest.mark.parametrize("built", ["online", "offline"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_links_to_the_checker_page_that_shows_it(request, built, language):
    site = request.getfixturevalue("built_site" if built == "online" else "offline_site")
    page = _procedure(site, language)
    svg, tree = _parts(page)
    first = _first_paths()
    for group in _nodes(svg):
        name = group.get("data-node")
        href = _href(group)
        if not name.startswith("outcome:"):
            assert href is None, name
            continue
        outcome = name.removeprefix("outcome:")
        assert href is not None, name
        assert not urlsplit(href).scheme and not href.startswith("/"), "relative"
        assert href.endswith("/" if built == "online" else "/index.html"), href
        target = _target(page, href)
        assert target == (site / language / "checker" / first[outcome] / "index.html").resolve()
        assert f'data-outcome="{outcome}"' in target.read_text(encoding="utf-8"), href
    # The list links each outcome to the same page.
    links = {a.get("data-node"): a.get("href") for a in tree.iter("a")}
    assert links == {g.get("data-node"): _href(g) for g in _nodes(svg) if _href(g)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_is_the_tree_of_every_path(built_site, language):
    """One leaf per complete path, its outcome with its label; under the first question,
    each option with what comes next."""
    _, tree = _parts(_procedure(built_site, language))
    leaves = [
        element for element in tree.iter() if element.get("data-node", "").startswith("outcome:")
    ]
    assert sorted(leaf.get("data-node") for leaf in leaves) == sorted(
        f"outcome:{outcome}" for _, outcome in PATHS
    )
    assert {leaf.get("data-node") for leaf in leaves} == {f"outcome:{o.id}" for o in FLOW.outcomes}
    for element in tree.iter():
        if "data-node" in element.attrib:
            assert _flat(element.text or "") == _label(element.get("data-node"), language)
    first = tree.find("li")
    assert first is not None and first[0].get("data-node") == "question:cause"
    options = [li[0].get("data-node") for li in first.find("ul")]
    assert options == [f"option:cause:{o}" for o in FLOW.question("cause").options]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_picture_holds_nothing_active_and_nothing_from_elsewhere(built_site, language):
    html = _procedure(built_site, language).read_text(encoding="utf-8")
    svg = re.search(r'<svg class="cw-diagram__picture".*?</svg>', html, re.DOTALL)[0]
    for forbidden in ("<script", "<style", "style=", "<image", "<foreignObject", "url(", "xlink"):
        assert forbidden not in svg, forbidden
    assert not re.search(r"\son\w+=", svg), "no event handler"
    hrefs = re.findall(r'href="([^"]*)"', svg)
    assert len(hrefs) == len(FLOW.outcomes)
    assert all(not urlsplit(href).scheme and not urlsplit(href).netloc for href in hrefs)
    # Hidden from screen readers (the list says it) and out of the tab order.
    assert 'aria-hidden="true"' in svg
    assert svg.count('tabindex="-1"') == len(hrefs)


def test_the_layout_is_the_same_bytes_each_time(tmp_path, monkeypatch):
    monkeypatch.setattr(diagram, "CACHE_DIR", tmp_path / "first")
    hrefs = {f"outcome:{o.id}": f"{o.id}/" for o in FLOW.outcomes}
    language = LANGUAGES[0]
    first = diagram.picture(TEXTS, language, hrefs)
    monkeypatch.setattr(diagram, "CACHE_DIR", tmp_path / "second")
    assert diagram.picture(TEXTS, language, hrefs) == first
    # One layout per spacing tried, each cached.
    made = sorted(path.name for path in (tmp_path / "first").glob("diagram-*.svg"))
    assert 1 <= len(made) <= len(diagram.SPACINGS)
    assert sorted(path.name for path in (tmp_path / "second").glob("diagram-*.svg")) == made


def test_a_flow_id_without_a_short_label_fails_the_build(project_copy):  # noqa: F811
    toml = project_copy / "content" / "diagram.toml"
    _edit(toml, "[diagram.option.origin.unknown]", "[diagram.unused.origin.unknown]")
    output = _failed_build(project_copy)
    assert "diagram.option.origin.unknown" in output


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_procedure_page_with_the_tree_open_has_no_violation(browser, site_url, language):
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.goto(f"{site_url}{language}/procedure/")
    page.locator(".cw-diagram__list summary").click()
    assert page.locator(".cw-diagram__tree a").first.is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("window.__violations") == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tree_prints_whole_on_one_a4_page(page, site_url, language):
    page.goto(f"{site_url}{language}/procedure/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    lines = [
        _flat(text)
        for text in page.locator(".cw-diagram__picture text").all_text_contents()
        if _flat(text)
    ]
    printed = [_flat(sheet.extract_text()) for sheet in pdf.pages]
    holding = [number for number, text in enumerate(printed) if lines[0] in text]
    assert len(holding) == 1, "the first question is on one page"
    missing = [line for line in lines if line not in printed[holding[0]]]
    assert missing == [], "every label on that same page"
    title = _flat(TEXTS.text("diagram.title", language))
    assert title in printed[holding[0]]
    # As wide as the printed page at most: nothing cut at its edge.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1000})  # A4 less its 12 mm margins
    widths = page.evaluate(
        """() => [document.querySelector(".cw-diagram__picture").getBoundingClientRect().width,
                  document.querySelector(".cw-diagram").getBoundingClientRect().width]"""
    )
    assert widths[0] <= widths[1]


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_tree_scrolls_in_its_box_and_stays_legible(browser, site_url, language):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}{language}/procedure/")
    sizes = page.evaluate(
        """() => {
            const box = document.querySelector(".cw-diagram__box");
            const picture = box.querySelector("svg");
            const text = picture.querySelector("text");
            const scale = picture.getBoundingClientRect().width / picture.viewBox.baseVal.width;
            return {
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                box: box.scrollWidth - box.clientWidth,
                text: parseFloat(text.getAttribute("font-size")) * scale,
            };
        }"""
    )
    assert sizes["page"] <= 0, "the page does not scroll sideways"
    assert sizes["box"] > 0, "the picture does, in its box"
    assert sizes["text"] >= 9.5, "text of about 10 px"
    page.close()


# --- No arrow reads as going into a box it does not join ---------------------------------

ROUNDED_BOX = "M10,-10C10,-10 40,-10 40,-10 40,-10 40,-30 40,-30 40,-30 10,-30 10,-30Z"


def _drawing(edge_path: str) -> str:
    return (
        "<svg>"
        f'<g data-node="a"><path d="{ROUNDED_BOX}"/></g>'
        '<g data-node="b"><polygon points="100,-10 140,-10 140,-30 100,-30"/></g>'
        '<g data-node="c"><polygon points="100,-100 140,-100 140,-120 100,-120"/></g>'
        f'<g data-edge="c->a"><path d="{edge_path}"/><polygon points="0,0 1,1 2,0"/></g>'
        "</svg>"
    )


def test_the_closest_approach_of_an_arrow_to_a_box_it_does_not_join():
    # A straight arrow from c down past b's left side, 3 px from it.
    past = diagram_geometry.closest_approach(_drawing("M97,-100C97,-80 97,-40 97,-5"))
    assert past.node == "b" and past.edge == "c->a"
    assert past.distance == pytest.approx(3, abs=0.01)
    # Through b's corner.
    through = diagram_geometry.closest_approach(_drawing("M120,-100C115,-60 105,-20 90,-5"))
    assert through.node == "b" and through.distance == 0
    # The arrow's own ends do not count, however close.
    assert diagram_geometry.closest_approach(_drawing("M40,-30C60,-60 90,-90 100,-100")).node == "b"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_arrow_keeps_clear_of_the_boxes_it_does_not_join(built_site, language):
    page = _procedure(built_site, language)
    svg = re.search(r'<svg class="cw-diagram__picture".*?</svg>', page.read_text("utf-8"), re.S)
    closest = diagram_geometry.closest_approach(svg[0])
    assert closest.distance >= diagram.MIN_CLEARANCE, closest


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_tree_opens_where_the_flow_starts(browser, site_url, language):
    start = f'[data-node="question:{FLOW.next_question({}).id}"]'
    for width in (320, 390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.goto(f"{site_url}{language}/procedure/")
        page.wait_for_load_state("load")
        shown = page.evaluate(
            """(start) => {
                const box = document.querySelector(".cw-diagram__box").getBoundingClientRect();
                const node = document.querySelector(start).getBoundingClientRect();
                return node.left >= box.left && node.right <= box.right;
            }""",
            start,
        )
        page.close()
        assert shown, f"the first question is off the box at {width} px"
