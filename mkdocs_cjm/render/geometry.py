"""Every size of the swimlane diagram and its type scale, in one place.

The layout (:mod:`.layout`, which measures and wraps text with these sizes),
the markup (:mod:`.cells`, :mod:`.drawing`, :mod:`.svg`, which write them as attributes) and
the page stylesheet (``assets/cjm-diagram.css``, checked against this module
by ``tests/test_diagram_css.py``) all take their numbers from here, so a change here
changes the wrapping and the drawn text alike. Sizes are CSS pixels (the SVG
is drawn at its natural size).
"""

from __future__ import annotations

FONT_STACK = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

# -- cards and columns -----------------------------------------------------------
CARD_W = 180  #: width of every card (one column per step)
CARD_R = 6  #: corner radius of a card
GUTTER = 8  #: horizontal gap between cards of one stage
BAND_PAD = 8  #: stage band margin around its cards
BAND_GAP = 6  #: gap between two stage bands
BAND_R = 10  #: corner radius of a stage band
STAGE_GAP = 2 * BAND_PAD + BAND_GAP - GUTTER  #: extra space between stages
STAGE_PAD = 12  #: padding of a stage header inside its band
STAGE_NAME_GAP = 3  #: between a stage's name and its goal
STAGE_HEADER_BOTTOM = 10  #: below a stage header
STAGE_HEADER_MIN = 40.0  #: least height of the stage headers
STAGE_NAME_LINES = 3  #: at most (then cut with an ellipsis)
STAGE_GOAL_LINES = 4
MARGIN = 8  #: outer margin of the drawing
PAD_X = 8  #: card padding
PAD_Y = 6
INNER_W = CARD_W - 2 * PAD_X
CELL_GAP = 8  #: vertical gap between the cards of two lanes
ACCENT_H = 3  #: the bar along the top of a touchpoint card / the side of a pain or opportunity card
ACCENT_INSET = 6  #: the side bar's distance from the card's top and bottom

# -- lane labels -----------------------------------------------------------------
LABEL_W = 116  #: lane-label column (HTML beside the SVG, or inside a standalone SVG)
LABEL_PAD = 8  #: inset of a lane label in the label column (both sides): the built-in labels fit unbroken
TITLE_H = 40  #: journey title above a standalone drawing
HEADING_BASELINE = 26  #: baseline of that title
HEADING_INDENT = 4  #: the title's inset from the margin (both sides)

# -- type scale: (font size, line height) -------------------------------------------
#: No text of the swimlane is smaller: the wall view's "Fit" shows the example's 13-step journey whole in a
#: 1600 x 1000 window at a scale of 0.59, so 12 px text is drawn at 7 px (tests/browser/test_wall_browser.py).
#: Secondary text (channels, targets, tags) is told apart by colour and weight, not by a smaller size.
MIN_TEXT = 12.0
BODY = (12.0, 16.0)  #: the drawing's default text (lists, quotes, ratings)
STAGE_NAME = (14.0, 18.0)
STAGE_GOAL = (12.0, 16.0)
TITLE = (12.5, 16.0)  #: touchpoint titles
LABEL = (12.5, 15.0)  #: lane labels
SMALL = (12.0, 15.0)  #: channels, metric names and targets, sublabels
TAG = (12.0, 15.0)  #: online / offline tags
ARROW_LABEL = (12.0, 14.0)
METRIC_VALUE = (15.0, 20.0)

# -- lane content ----------------------------------------------------------------
ITEM_GAP = 4  #: between two items of a list cell
BULLET_INDENT = 16  #: text indent after a bullet / glyph
ICON = 12  #: glyph size in list cells
BULLET_R = 2.5  #: radius of the dot before an item of a list cell
CHANNEL_ICON = 14  #: channel glyph of a touchpoint card
CHANNEL_INDENT = 19  #: channel name after its glyph
TAG_H = 16  #: online / offline tag
TAG_PAD = 12  #: horizontal padding of a tag (both sides)
SYMBOL_R = 7  #: radius of a rating / target symbol (14 px)
STATUS_W = 34  #: room for a metric's trend arrow and target symbol
METRIC_RULE_GAP = 9  #: between two metrics of a cell (a rule in the middle)

MARKER_FONT = 12.0  #: font size of the score on an emotion marker
TREND_FONT = 12.0  #: font size of the trend arrow beside a metric value
HEADING_FONT = 18.0  #: font size of the journey title of a standalone drawing

# -- emotion curve ---------------------------------------------------------------
EMOTION_LANE_H = 96
EMOTION_PAD = 16
MARKER_R = 10
#: Emotion by persona: one line per persona, told apart by dash pattern and marker shape, with a legend.
EMOTION_LEGEND_H = 22  #: room for the legend above the curve
LEGEND_FONT = 12.0
LEGEND_SWATCH_W = 30  #: sample line of a persona in the legend
LEGEND_GAP = 16  #: between two legend entries
EMOTION_DASHES = ("", "8 4", "2 4", "10 4 2 4")  #: stroke-dasharray of each persona's line, in turn
MARKER_SHAPES = ("circle", "square", "diamond", "triangle")
SERIES_NUDGE = 6  #: horizontal shift between personas' markers at one step, so they do not hide each other

# -- arrows ----------------------------------------------------------------------
ARROW_BASE = 10  #: space between the lowest arrow label and the cards
LEVEL_H = 18  #: vertical distance between stacked arrows
ARROW_LABEL_MAX = 220
ARROW_LABEL_PAD = 14  #: horizontal padding of an arrow label (both sides)
ARROW_LABEL_H = 16
PORT_GAP = 18
SELF_LOOP_W = 56  #: distance between the two ends of a self-loop

# -- opportunity matrix (insights/opportunities: impact by effort) -----------------
MATRIX_LEVELS = 5  #: impact and effort both run 1..5
MATRIX_CELL = 76  #: side of one (impact, effort) square
MATRIX_LEFT = 64  #: room for the impact axis: its title and the tick labels
MATRIX_TOP = 26  #: room above the grid for the quick-win label
MATRIX_BOTTOM = 50  #: room for the effort axis: the tick labels and its title
MATRIX_RIGHT = 12
MATRIX_TICK_GAP = 8  #: between a tick label and the grid
MATRIX_DOT_R = 10  #: radius of an opportunity's dot
MATRIX_DOT_STEP = 23  #: between the centres of two dots stacked in one square
MATRIX_DOTS_PER_ROW = 3  #: dots side by side in one square
MATRIX_DOTS_MAX = 9  #: dots drawn in one square; beyond, the last place says "+n"
MATRIX_DOT_FONT = 10.0  #: the number on a dot
MATRIX_FONT = 12.0  #: tick labels, axis titles, the quick-win label
MATRIX_MIDLINE = 0.35  #: a text's baseline below the point it is centred on, in em (DejaVu)
MATRIX_AXIS_X = 14  #: the centre line of the rotated impact-axis title


def baseline(top: float, size: float, line: float) -> float:
    """Baseline of a line box of height ``line`` starting at ``top`` (DejaVu metrics:
    ascent 0.928 em, descent 0.236 em, glyph box centred in the line box)."""
    return top + (line - 1.164 * size) / 2 + 0.928 * size


# -- small line charts (render/charts.py: feelings by stage, persona curves) ----------
CHART_W = 640  #: viewBox width; the chart is drawn 100% of its column wide, at most this
CHART_PLOT_H = 120  #: height of the plot (scores 1 to 5)
CHART_AXIS_W = 26  #: room for the score labels left of the plot
CHART_RIGHT = 10  #: right margin
CHART_FONT = 12.0  #: every text of a chart
CHART_LINE_H = 15.0  #: line height of a band label
CHART_BAND_LINES = 2  #: a band label wraps to at most this many lines (then an ellipsis)
CHART_BAND_PAD = 4  #: a band label's inset from its band's sides
CHART_BAND_GAP = 2  #: between two bands
CHART_TOP_GAP = 6  #: between the band labels and the plot
CHART_PLOT_PAD = 10  #: inside the plot, above 5 and below 1 (room for markers)
CHART_BOTTOM = 6  #: below the plot
CHART_LEGEND_H = 22  #: room for the legend above everything (charts with more than one line)
CHART_MARKER_R = 5.0  #: radius of a point's marker
CHART_LINE_W = 2.5  #: stroke width of a line

# -- the journey tree (render/tree.py: the landscape page) ------------------------------
TREE_ROW_H = 36  #: from one journey's row to the next
TREE_NODE_H = 26  #: height of a journey's box
TREE_NODE_W = 260  #: width of a journey's box
TREE_INDENT = 28  #: a level deeper, this much further right
TREE_PAD = 8  #: text inset in a box; gap between a box and its note
TREE_STUB = 12  #: where the line to the children leaves a box, from its left side
