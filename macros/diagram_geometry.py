"""How close the arrows of the decision tree come to the boxes they do not join.

Graphviz's ``dot`` routes each arrow between the boxes, but may pass a box's corner at less
than a pixel, which reads as an arrow into that box. This measures, in the drawing made
for the page (``data-node`` and ``data-edge`` set by macros/diagram.py), the smallest
distance from any arrow to any box other than its two ends, in the drawing's units (CSS
pixels at its natural size).
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Points measured along each cubic Bézier piece of an arrow.
STEPS = 48


@dataclass(frozen=True)
class Closest:
    distance: float
    edge: str  # "source->target"
    node: str


@functools.cache  # each language's build renders every language's tree again
def closest_approach(svg: str) -> Closest | None:
    """The arrow and the box, not one of its ends, that come closest; None without arrows."""
    root = ElementTree.fromstring(svg)
    boxes = {group.get("data-node"): _box(group) for group in root.iter() if group.get("data-node")}
    closest = None
    for group in root.iter():
        edge = group.get("data-edge")
        if not edge:
            continue
        ends = set(edge.split("->"))
        points = list(_curve(next(group.iter("path")).get("d", "")))
        for node, box in boxes.items():
            if node in ends:
                continue
            distance = min(_distance(point, box) for point in points)
            if closest is None or distance < closest.distance:
                closest = Closest(distance, edge, node)
    return closest


def _box(group: ElementTree.Element) -> tuple[float, float, float, float]:
    """The box around a node's outline (a rectangle, or a path with rounded corners)."""
    coordinates: list[float] = []
    for shape in group.iter():
        if shape.tag == "polygon":
            coordinates += map(float, NUMBER.findall(shape.get("points", "")))
        elif shape.tag == "path":
            coordinates += map(float, NUMBER.findall(shape.get("d", "")))
    xs, ys = coordinates[0::2], coordinates[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _curve(path: str):
    """Points along Graphviz's edge path: "M x,y C x,y x,y x,y x,y x,y x,y ..."."""
    values = list(map(float, NUMBER.findall(path)))
    points = list(zip(values[0::2], values[1::2], strict=True))
    for start in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[start : start + 4]
        for step in range(STEPS + 1):
            t = step / STEPS
            u = 1 - t
            yield (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )


def _distance(point: tuple[float, float], box: tuple[float, float, float, float]) -> float:
    x, y = point
    left, top, right, bottom = box
    return math.hypot(max(left - x, 0, x - right), max(top - y, 0, y - bottom))
