"""Mermaid journey diagrams read as Mermaid's grammar reads them (mkdocs_cjm.importers.mermaid)."""

from __future__ import annotations

import textwrap

from mkdocs_cjm.importers.mermaid import read_mermaid


def _read(text: str, *, markdown: bool = False):
    return read_mermaid(textwrap.dedent(text).lstrip("\n"), "x.mmd", markdown=markdown)


def _steps(journey):
    return [
        (stage["name"], step["touchpoint"], step.get("emotion"))
        for stage in journey["stages"]
        for step in stage["steps"]
    ]


def test_the_documented_example():
    result = _read(
        """
        journey
          title My working day
          section Go to work
            Make tea: 5: Me
            Go upstairs: 3: Me
            Do work: 1: Me, Cat
          section Go home
            Go downstairs: 5: Me
            Sit down: 5: Me
        """
    )
    [journey] = result.journeys
    assert journey["title"] == "My working day"
    assert journey["personas"] == ["Me", "Cat"]
    assert sorted(result.personas) == ["Cat", "Me"]
    assert _steps(journey) == [
        ("Go to work", "Make tea", 5),
        ("Go to work", "Go upstairs", 3),
        ("Go to work", "Do work", 1),
        ("Go home", "Go downstairs", 5),
        ("Go home", "Sit down", 5),
    ]
    assert result.notes == []


def test_front_matter_accessibility_comments_and_spacing():
    result = _read(
        """
        ---
        title: From the front matter
        config:
          journey:
            taskFontSize: 14
        ---
        %% a comment before the type
        journey
        accTitle: Accessible title
        accDescr: One line
        accDescr {
            Several
            lines
        }
        %% a comment
              section   Indented
          Spaced task   :   4   :   Ann ,  Bo
        Tight:2:Ann
        """
    )
    [journey] = result.journeys
    assert journey["title"] == "From the front matter"
    assert journey["summary"] == "One line Several lines"
    assert journey["personas"] == ["Ann", "Bo"]
    assert _steps(journey) == [("Indented", "Spaced task", 4), ("Indented", "Tight", 2)]
    assert result.notes == []


def test_title_statement_wins_over_front_matter_and_hash_comments_are_skipped():
    result = _read("---\ntitle: Front\n---\njourney\ntitle Statement # a comment\nsection S\nT: 3: A # who\n")
    [journey] = result.journeys
    assert journey["title"] == "Statement"
    assert journey["personas"] == ["A"]


def test_tasks_without_actors_or_with_a_trailing_colon_get_the_default_persona():
    result = _read(
        """
        journey
          section Only
            No actors: 3
            Trailing colon: 4:
        """
    )
    [journey] = result.journeys
    assert journey["personas"] == ["Customer"]
    assert result.personas == {"Customer": {"name": "Customer"}}
    assert _steps(journey) == [("Only", "No actors", 3), ("Only", "Trailing colon", 4)]


def test_a_section_used_twice_is_two_stages():
    result = _read("journey\nsection A\nx: 1: P\nsection B\ny: 2: P\nsection A\nz: 3: P\n")
    [journey] = result.journeys
    assert [stage["name"] for stage in journey["stages"]] == ["A", "B", "A"]


def test_unusable_scores_are_imported_without_emotion_and_reported_with_their_line():
    result = _read(
        """
        journey
          section S
            Good: 5: A
            Word: great: A
            Zero: 0: A
            Big: 6: A
            Half: 3.5: A
            Empty: : A
        """
    )
    [journey] = result.journeys
    assert _steps(journey) == [("S", "Good", 5)] + [
        ("S", name, None) for name in ("Word", "Zero", "Big", "Half", "Empty")
    ]
    assert [note.line for note in result.notes] == [4, 5, 6, 7, 8]
    assert all(note.file == "x.mmd" and "without an emotion" in note.message for note in result.notes)
    assert "the score 'great' is not a whole number 1..5" in result.notes[0].message
    assert "'Empty': it has no score" in result.notes[-1].message


def test_lines_it_cannot_use_are_reported_and_empty_sections_dropped():
    result = _read("journey\nsection Empty\nsection Full\nno colon here\nok: 3: A\n")
    [journey] = result.journeys
    assert [stage["name"] for stage in journey["stages"]] == ["Full"]
    assert [(note.line, "no colon here" in note.message or "no task" in note.message) for note in result.notes] == [
        (4, True),
        (2, True),
    ]


def test_markdown_pages_only_journey_blocks_with_their_page_lines():
    page = (
        "# Page\n\n"
        "```mermaid\nflowchart LR\n  A --> B\n```\n\n"
        "```mermaid\njourney\n  title One\n  section S\n    a: 2: P\n    b: bad: P\n```\n\n"
        "```python\njourney\n```\n\n"
        "~~~mermaid\njourney\n  title Two\n  section T\n    c: 4: P, Q\n~~~\n"
    )
    result = read_mermaid(page, "page.md", markdown=True)
    assert [journey["title"] for journey in result.journeys] == ["One", "Two"]
    assert sorted(result.personas) == ["P", "Q"]
    [note] = result.notes
    assert (note.file, note.line) == ("page.md", 13)
    assert page.splitlines()[note.line - 1].strip() == "b: bad: P"


def test_not_a_journey_is_left_alone_and_said():
    result = _read("flowchart LR\n  A --> B\n")
    assert result.journeys == []
    assert [note.message for note in result.notes] == ["no Mermaid journey diagram found"]
