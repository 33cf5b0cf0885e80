"""Where every benchmark writes its figures: bench/results/<soort>-<timestamp>.json (not committed)."""

from __future__ import annotations

import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def schrijf_resultaten(soort: str, resultaten: dict) -> Path:
    map_ = ROOT / "bench" / "results"
    map_.mkdir(exist_ok=True)
    pad = map_ / f"{soort}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    pad.write_text(json.dumps(resultaten, indent=2), encoding="utf-8")
    print(f"geschreven: {pad.relative_to(ROOT)}")
    return pad
