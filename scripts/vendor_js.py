#!/usr/bin/env python3
"""Fetch the dashboard's JavaScript from the npm registry into armstrace/web/static/vendor, with its licences:
Cytoscape (the network) and Swagger UI (the API docs). Run by `make install` and by the package build
(setup.py), so that `pip install .` gives a complete dashboard. Nothing is fetched when the files are there."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "armstrace" / "web" / "static" / "vendor"
NPM = ROOT / "build" / "npm"
# package@version → {file in the package: name in vendor/}
PACKAGES = {
    "cytoscape@3.34.4": {"dist/cytoscape.min.js": "cytoscape.min.js", "LICENSE": "cytoscape.LICENSE"},
    "swagger-ui-dist@5.35.0": {"swagger-ui-bundle.js": "swagger-ui-bundle.js", "swagger-ui.css": "swagger-ui.css",
                               "LICENSE": "swagger-ui.LICENSE",
                               "swagger-ui-bundle.js.LICENSE.txt": "swagger-ui-bundle.js.LICENSE.txt"},
}


def missing() -> list[str]:
    return [pkg for pkg, files in PACKAGES.items() if not all((VENDOR / name).exists() for name in files.values())]


def vendor() -> None:
    wanted = missing()
    if not wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to fetch the dashboard's JavaScript (" + ", ".join(wanted) + "): install Node.js")
    NPM.mkdir(parents=True, exist_ok=True)
    VENDOR.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(NPM), "--no-audit", "--no-fund", "--silent", *wanted], check=True)
    for pkg in wanted:
        name = pkg.rsplit("@", 1)[0]
        for source, target in PACKAGES[pkg].items():
            shutil.copyfile(NPM / "node_modules" / name / source, VENDOR / target)


if __name__ == "__main__":
    vendor()
