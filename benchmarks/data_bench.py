"""Time reading and measuring a 100,000-row export (issue 11): ``python benchmarks/data_bench.py``.

Writes a GA4-style and a ticket-style file of ``--rows`` rows into a temporary site, then times the reader alone
and a whole ``load_project`` whose journey has three metrics reading the ticket file (parsed once) and one the
GA4 file. Prints one Markdown table row per figure (best of ``--repeat``).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs_cjm.data.readers import read_table  # noqa: E402
from mkdocs_cjm.load.walk import load_project  # noqa: E402

JOURNEY = """\
title: Support
personas: [p]
stages:
  - name: Help
    steps:
      - touchpoint: Chat
        metrics:
          - name: CSAT
            from: {file: tickets.csv, where: {Channel: Chat, Status: [Solved, Closed]}, value: Satisfaction,
                   measure: csat}
          - name: First reply
            from: {file: tickets.csv, where: {Channel: Chat}, value: First reply time (min), measure: median}
          - name: Chat share
            from: {file: tickets.csv, match: {Channel: Chat}, measure: share}
          - name: Conversion
            from: {file: ga4.csv, where: {Page path: "/p/*"}, value: Conversions, per: Sessions, measure: rate}
"""


def write_files(folder: Path, rows: int) -> None:
    rng = random.Random(11)
    data = folder / "maps" / "data"
    data.mkdir(parents=True)
    lines = ["Ticket ID,Channel,Status,Satisfaction,First reply time (min)"]
    for n in range(rows):
        channel = rng.choice(("Chat", "Email", "Phone"))
        lines.append(
            f"{n},{channel},{rng.choice(('Solved', 'Closed', 'Open'))},{rng.randint(1, 5)},{rng.randint(1, 600)}"
        )
    (data / "tickets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ga = ["# Start date: 20261001", "# End date: 20261031", "Page path,Views,Sessions,Conversions"]
    for n in range(rows):
        ga.append(f'/p/{n},"{rng.randint(1000, 99999):,}","{rng.randint(1000, 9999):,}",{rng.randint(0, 900)}')
    (data / "ga4.csv").write_text("\n".join(ga) + "\n", encoding="utf-8")
    (folder / "maps" / "support.yml").write_text(JOURNEY, encoding="utf-8")
    (folder / "maps" / "personas").mkdir()
    (folder / "maps" / "personas" / "p.yml").write_text("name: P\n", encoding="utf-8")


def best(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_files(root, args.rows)
        raw = (root / "maps" / "data" / "tickets.csv").read_bytes()
        read = best(args.repeat, lambda: read_table(raw, "tickets.csv"))
        project = load_project(root / "maps", display_root=root)
        errors = [p for p in project.all_problems() if p.is_error]
        assert not errors, errors
        load = best(args.repeat, lambda: load_project(root / "maps", display_root=root))
        one = JOURNEY.split("          - name: First reply")[0]
        (root / "maps" / "support.yml").write_text(one, encoding="utf-8")
        single = best(args.repeat, lambda: load_project(root / "maps", display_root=root))
        computed = load_project(root / "maps", display_root=root).journeys["support"].steps[0].metrics[0]
        assert computed.provenance is not None and computed.provenance.rows > args.rows / 10, computed
        print(f"| read one {args.rows:,}-row ticket export ({len(raw) / 1e6:.1f} MB) | {read * 1000:.0f} ms |")
        print(f"| load + 1 metric (csat) over one {args.rows:,}-row ticket export | {single * 1000:.0f} ms |")
        print(f"| load + 4 metrics over two {args.rows:,}-row files (ticket file parsed once) | {load * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
