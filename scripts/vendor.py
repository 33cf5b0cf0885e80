"""Vendor the front-end packages from npm into the repository (no CDN on a closed network).

Usage: python scripts/vendor.py   (needs npm; rewrites the files and vendor.json)

Each package is fetched with `npm pack`, the listed files are copied, and name, version and
licence are recorded in visitatie/static/vendor/vendor.json.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_VENDOR = ROOT / "visitatie" / "static" / "vendor"
TEST_VENDOR = ROOT / "tests" / "vendor"

# package spec -> (target folder, files inside the package to copy)
PACKAGES = {
    "@rijkshuisstijl-community/components-css@12.0.0": (STATIC_VENDOR / "components-css", ["dist/index.css"]),
    "htmx.org@2.0.11": (STATIC_VENDOR / "htmx", ["dist/htmx.min.js"]),
    # test-only: injected into pages by the accessibility tests
    "axe-core@4.14.1": (TEST_VENDOR / "axe-core", ["axe.min.js"]),
}


def fetch(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True,
    )
    return workdir / json.loads(out.stdout)[0]["filename"]


def unpack(tgz: Path, target: Path, files: list[str]) -> dict:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        for name in files + ["LICENSE", "LICENSE.md"]:
            try:
                member = tar.extractfile(f"package/{name}")
            except KeyError:
                continue
            (target / Path(name).name).write_bytes(member.read())
    return {"name": meta["name"], "version": meta["version"], "license": meta.get("license"),
            "files": [str((target / Path(f).name).relative_to(ROOT)) for f in files]}


def main() -> None:
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, (target, files) in PACKAGES.items():
            records.append(unpack(fetch(spec, Path(tmp)), target, files))
    (STATIC_VENDOR / "vendor.json").write_text(json.dumps(records, indent=2) + "\n")
    print(json.dumps(records, indent=2))


if __name__ == "__main__":
    main()
