"""A small line chart of feelings (scores 1 to 5), as inline SVG for a page.

One chart drawing serves the insight pages: the feeling per stage before and
after on a comparison page (one band per stage, two lines) and a persona's
feeling at every step of a journey (one band per stage, one line). Points sit
in labelled bands along x; lines are told apart by dash pattern and marker
shape (:func:`.drawing.series_style`), not by colour alone, with a legend when
there is more than one. Colours are classes that ``cjm-diagram.css`` styles
with the diagram's custom properties (light and dark). The SVG has a
``viewBox`` and ``width="100%"``, so it never overflows its column; its sizes
are :mod:`.geometry`'s ``CHART_*``. Every text is map text: escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from . import geometry as G
from .drawing import marker_shape, series_style
from .markup import esc, font_size, map_text, px
from .textmetrics import ellipsize, text_width, wrap


@dataclass(frozen=True)
class Series:
    """One line: its name (for the legend) and a value per point (None: no value, a gap)."""

    name: str
    values: tuple[Optional[float], ...]


@dataclass(frozen=True)
class Band:
    """A labelled run of points, ``first`` to ``last`` (indexes, inclusive)."""

    label: str
    first: int
    last: int


def score_text(value: float) -> str:
    """A score as the chart and its table show it: ``4``, ``3.5``, ``2.67``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _band_label(label: str, width: float) -> list[str]:
    """A band's label in at most ``CHART_BAND_LINES`` lines; a word too long for one is cut, not broken."""
    if any(text_width(word, G.CHART_FONT) > width for word in label.split()):
        return [ellipsize(label, width, G.CHART_FONT)]
    lines = wrap(label, width, G.CHART_FONT) or [""]
    if len(lines) > G.CHART_BAND_LINES:
        rest = " ".join(lines[G.CHART_BAND_LINES - 1 :])
        lines = lines[: G.CHART_BAND_LINES - 1] + [ellipsize(rest, width, G.CHART_FONT)]
    return [ellipsize(line, width, G.CHART_FONT) for line in lines]


def line_chart(
    *,
    uid: str,
    title: str,
    desc: str,
    bands: Sequence[Band],
    series: Sequence[Series],
    points: Sequence[str] = (),
) -> str:
    """The chart's ``<svg>`` (one line, no blank lines: safe in Markdown's raw HTML).

    ``uid`` makes its element ids unique on the page; ``points`` names each point
    (a tooltip with each value). The number of points is the length of the values.
    """
    count = max((len(s.values) for s in series), default=0)
    legend_h = G.CHART_LEGEND_H if len(series) > 1 else 0
    label_h = G.CHART_BAND_LINES * G.CHART_LINE_H
    plot_top = legend_h + label_h + G.CHART_TOP_GAP
    height = plot_top + G.CHART_PLOT_H + G.CHART_BOTTOM
    left = G.CHART_AXIS_W
    right = G.CHART_W - G.CHART_RIGHT
    step = (right - left) / max(count, 1)

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    def y_of(value: float) -> float:
        span = G.CHART_PLOT_H - 2 * G.CHART_PLOT_PAD
        return plot_top + G.CHART_PLOT_PAD + (5 - value) * span / 4

    tid, did = f"{uid}-title", f"{uid}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-chart-svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {G.CHART_W} {px(height)}" width="100%" {font_size(G.CHART_FONT)} data-points="{count}">',
        f'<title id="{tid}">{esc(map_text(title))}</title><desc id="{did}">{esc(map_text(desc))}</desc>',
    ]
    out += _bands(bands, x_of, step, legend_h, plot_top, height)
    out += _grid(left, right, y_of)
    if legend_h:
        out += _legend(series, left, legend_h / 2)
    names = [map_text(p) for p in points]
    for i, line in enumerate(series):
        dash, shape = series_style(i)
        out.append(f'<g class="cjm-chart-series cjm-chart-series--{i % 2}" data-series="{i}">')
        for run in _runs(line.values):
            coords = " ".join(f"{px(x_of(n))},{px(y_of(v))}" for n, v in run)
            if len(run) > 1:
                dashes = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(
                    f'<polyline points="{coords}" class="cjm-chart-line" fill="none" stroke-width="{G.CHART_LINE_W}" '
                    f'stroke-linejoin="round" stroke-linecap="round"{dashes}/>'
                )
        for n, value in enumerate(line.values):
            if value is None:
                continue
            where = f"{names[n]}: " if n < len(names) and names[n] else ""
            tip = f"{map_text(line.name)}, {where}{score_text(value)} of 5"
            out.append(
                f'<g class="cjm-chart-point" data-index="{n}" data-value="{score_text(value)}">'
                f"<title>{esc(tip)}</title>"
                + marker_shape(shape, x_of(n), y_of(value), G.CHART_MARKER_R, 'class="cjm-chart-marker"')
                + "</g>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def chart_block(svg: str, label: str, kind: str, data: Optional[dict[str, str]] = None) -> str:
    """The chart as a page shows it: left out of search, in a region that scrolls sideways
    when the column is narrower than the chart's least width (``cjm-diagram.css``), reachable
    by keyboard. ``kind`` is a class suffix (``compare``, ``persona``), ``data`` more ``data-*``."""
    extra = "".join(f' data-{k}="{esc(v)}"' for k, v in (data or {}).items())
    return (
        f'<div class="cjm-chart cjm-chart--{kind}" data-search-exclude=""{extra}>'
        f'<div class="cjm-chart__scroll" tabindex="0" role="region" aria-label="{esc(map_text(label))}">{svg}</div>'
        "</div>"
    )


def _runs(values: Sequence[Optional[float]]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive values: a missing one breaks the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for n, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((n, value))
    return [run for run in runs if run]


def _bands(bands: Sequence[Band], x_of, step: float, top: float, plot_top: float, height: float) -> list[str]:
    out = ['<g class="cjm-chart-bands">']
    for i, band in enumerate(bands):
        x0 = x_of(band.first) - step / 2 + G.CHART_BAND_GAP / 2
        x1 = x_of(band.last) + step / 2 - G.CHART_BAND_GAP / 2
        alt = " cjm-chart-band--alt" if i % 2 else ""
        label = map_text(band.label)
        out.append(f"<g><title>{esc(label)}</title>")
        out.append(
            f'<rect class="cjm-chart-band{alt}" x="{px(x0)}" y="{px(top)}" width="{px(x1 - x0)}" '
            f'height="{px(height - top)}" rx="4"/>'
        )
        mid = (x0 + x1) / 2
        for k, line in enumerate(_band_label(label, x1 - x0 - 2 * G.CHART_BAND_PAD)):
            y = top + G.CHART_LINE_H * (k + 1) - 3
            out.append(f'<text x="{px(mid)}" y="{px(y)}" text-anchor="middle">{esc(line)}</text>')
        out.append("</g>")
    out.append("</g>")
    return out


def _grid(left: float, right: float, y_of) -> list[str]:
    out = ['<g class="cjm-chart-grid" aria-hidden="true">']
    for score in range(1, 6):
        y = y_of(score)
        neutral = ' stroke-dasharray="4 4"' if score == 3 else ""
        cls = "cjm-chart-neutral" if score == 3 else "cjm-chart-rule"
        out.append(f'<line x1="{px(left)}" x2="{px(right)}" y1="{px(y)}" y2="{px(y)}" class="{cls}"{neutral}/>')
        out.append(f'<text x="{px(left - 8)}" y="{px(y + 4)}" text-anchor="end" class="cjm-chart-axis">{score}</text>')
    out.append("</g>")
    return out


def _legend(series: Sequence[Series], left: float, mid: float) -> list[str]:
    out = ['<g class="cjm-chart-legend">']
    x = left
    for i, line in enumerate(series):
        dash, shape = series_style(i)
        name = map_text(line.name)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="cjm-chart-series cjm-chart-series--{i % 2}">')
        out.append(
            f'<line x1="{px(x)}" x2="{px(x + G.LEGEND_SWATCH_W)}" y1="{px(mid)}" y2="{px(mid)}" class="cjm-chart-line" '
            f'stroke-width="{G.CHART_LINE_W}"{dashes}/>'
        )
        out.append(marker_shape(shape, x + G.LEGEND_SWATCH_W / 2, mid, G.CHART_MARKER_R, 'class="cjm-chart-marker"'))
        out.append(f'<text x="{px(x + G.LEGEND_SWATCH_W + 6)}" y="{px(mid + 4)}">{esc(name)}</text></g>')
        x += G.LEGEND_SWATCH_W + 6 + text_width(name, G.CHART_FONT) + G.LEGEND_GAP
    out.append("</g>")
    return out
