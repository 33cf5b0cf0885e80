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
    # interactive charts in the Staat van VTH site; vega-lite matches the schema altair writes
    "vega@6.4.0": (STATIC_VENDOR / "vega", ["build/vega.min.js"]),
    "vega-lite@6.4.3": (STATIC_VENDOR / "vega", ["build/vega-lite.min.js"]),
    "vega-embed@7.3.0": (STATIC_VENDOR / "vega", ["build/vega-embed.min.js"]),
    "vega-interpreter@2.3.2": (STATIC_VENDOR / "vega", ["build/vega-interpreter.js"]),
    # test-only: injected into pages by the accessibility tests
    "axe-core@4.14.1": (TEST_VENDOR / "axe-core", ["axe.min.js"]),
}


def fetch(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True,
    )
    return workdir / json.loads(out.stdout)[0]["filename"]


def classic_interpreter(source: str) -> str:
    """vega-interpreter is ESM only and imports 'vega-util' by its bare name, which a browser
    can resolve only through an (inline, so CSP-forbidden) import map. Turn it into a classic
    script that takes vega-util's functions from the vega bundle (which re-exports them) and
    sets window.vegaExpressionInterpreter: Vega then runs its expressions without eval."""
    lines = source.splitlines()
    imports = [line for line in lines if line.startswith("import ")]
    if len(imports) != 1 or "from 'vega-util'" not in imports[0]:
        raise SystemExit(f"vega-interpreter changed its imports: {imports}")
    names = imports[0].split("{", 1)[1].split("}", 1)[0]
    body = [line for line in lines if not line.startswith(("import ", "export ", "//# sourceMappingURL"))]
    exported = [line for line in lines if line.startswith("export { expression as expressionInterpreter }")]
    if not exported:
        raise SystemExit("vega-interpreter no longer exports `expression as expressionInterpreter`")
    return "\n".join(["(function () {", "'use strict';", f"const {{{names}}} = window.vega;", *body,
                      "window.vegaExpressionInterpreter = expression;", "})();", ""])


TRANSFORMS = {"vega-interpreter.js": classic_interpreter}


def unpack(tgz: Path, target: Path, files: list[str]) -> dict:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        for name in files + ["LICENSE", "LICENSE.md"]:
            try:
                member = tar.extractfile(f"package/{name}")
            except KeyError:
                continue
            data = member.read()
            if Path(name).name in TRANSFORMS:
                data = TRANSFORMS[Path(name).name](data.decode("utf-8")).encode("utf-8")
            (target / Path(name).name).write_bytes(data)
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
