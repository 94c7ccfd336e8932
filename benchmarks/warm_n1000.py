"""Target 3 at N = 1,000 (issue 14): cold, then warm build with the default options (exports on), against
the plain site of the same text built before and after them, one run each, each in a fresh process.

    python benchmarks/warm_n1000.py [N]     # N = 1000 by default; about 40 minutes on 2 cores

Prints wall and CPU seconds and peak RSS of each build and saves them to /tmp/t3/result-n<N>.json.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import generate  # noqa: E402


def log(s: str) -> None:
    print(time.strftime("%H:%M:%S"), s, flush=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    base = Path(f"/tmp/t3/n{n}")
    maps = base / "maps"
    if not maps.is_dir():
        generate.generate(maps, n)
    plain_config, _ = bench.plain_site(base / "plain", maps)
    out = {"n": n, "load_start": os.getloadavg()}

    log("plain before")
    out["plain_before"] = bench.run_child("build", str(plain_config), timeout=7200)
    log(f"plain before: {out['plain_before']['wall']:.1f} s")
    res = bench.run_defaults(n, base, maps, plain_config, log)
    out.update(res)
    out["load_end"] = os.getloadavg()
    for k in ("plain_before", "cold", "warm", "plain"):
        r = out[k]
        log(f"{k}: wall {r['wall']:.1f} s, cpu {r.get('process_cpu', 0):.1f} s, maxrss {r.get('maxrss_mb', 0):.0f} MB")
    Path(f"/tmp/t3/result-n{n}.json").parent.mkdir(parents=True, exist_ok=True)
    Path(f"/tmp/t3/result-n{n}.json").write_text(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
