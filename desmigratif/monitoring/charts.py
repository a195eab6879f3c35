"""Small server-rendered SVG charts: no JavaScript, no chart library, readable at 360 px."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from desmigratif.core.templatetags.money import format_rupiah

WIDTH, HEIGHT, TOP, BOTTOM = 320, 140, 12, 22


def _label(value: Decimal, unit: str) -> str:
    if unit == "rupiah":
        return format_rupiah(value)
    if unit == "percent":
        return f"{number_format(value, 2)} %"
    return number_format(value, 0 if value == value.to_integral() else 2)


def bar_chart(points: list[tuple[datetime.date, Any]], *, unit: str) -> SafeString:
    """One bar per month; a suppressed or empty month is a gap. Each bar has a <title> for its value."""
    values = [figure.value for _month, figure in points]
    highest = max((v for v in values if v is not None), default=Decimal(0)) or Decimal(1)
    step = WIDTH / max(len(points), 1)
    bars: list[tuple[float, float, float, float, str, str]] = []
    for index, (month, figure) in enumerate(points):
        x = index * step + step * 0.15
        label = f"{month:%m/%y}"
        if figure.value is None:
            text = "—" if not figure.suppressed else "< 5"
            bars.append((x, HEIGHT - BOTTOM, step * 0.7, 0, f"{label}: {text}", label))
            continue
        height = float(figure.value / highest) * (HEIGHT - TOP - BOTTOM)
        bars.append((x, HEIGHT - BOTTOM - height, step * 0.7, height, f"{label}: {_label(figure.value, unit)}", label))
    body = format_html_join(
        "",
        '<g><rect x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text></g>',
        (
            (f"{x:.1f}", f"{y:.1f}", f"{w:.1f}", f"{h:.1f}", title, f"{x + w / 2:.1f}", HEIGHT - 6, label)
            for x, y, w, h, title, label in bars
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        WIDTH,
        HEIGHT,
        _label(highest, unit),
        body,
    )


MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 320, 200, 10


def village_map(points: list[Any], *, link: str) -> SafeString:
    """Programme villages as dots placed by longitude and latitude (equirectangular), each a link to
    its dashboard. No map tiles: the page works offline and on a slow line; the dots' pattern
    (and the list beside it) is the map."""
    if not points:
        return format_html('<svg class="map" viewBox="0 0 {} {}" role="img"></svg>', MAP_WIDTH, MAP_HEIGHT)
    lngs = [float(p.lng) for p in points]
    lats = [float(p.lat) for p in points]
    west, east = min(lngs) - 0.5, max(lngs) + 0.5
    south, north = min(lats) - 0.5, max(lats) + 0.5
    scale = min((MAP_WIDTH - 2 * MAP_PAD) / (east - west), (MAP_HEIGHT - 2 * MAP_PAD) / (north - south))
    dots = format_html_join(
        "",
        '<a href="{}"><circle class="{}" cx="{}" cy="{}" r="4"><title>{}</title></circle></a>',
        (
            (
                f"{link}?region={p.code}",
                "demo" if p.is_demo else ("designated" if p.status == "designated" else "other"),
                f"{MAP_PAD + (float(p.lng) - west) * scale:.1f}",
                f"{MAP_PAD + (north - float(p.lat)) * scale:.1f}",
                f"{p.name} ({p.cohort or '—'})",
            )
            for p in points
        ),
    )
    return format_html(
        '<svg class="map" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        MAP_WIDTH,
        MAP_HEIGHT,
        len(points),
        dots,
    )
