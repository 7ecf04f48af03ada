"""Installed with pip rather than make, armstrace is complete: the wheel carries the dashboard's JavaScript (fetched
from the npm registry by the build) with its licences, and a fresh virtualenv serves the network."""
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDORED = ["cytoscape.min.js", "cytoscape.LICENSE", "swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui.LICENSE"]


@pytest.mark.slow
def test_a_wheel_built_from_a_clean_tree_serves_the_network_from_a_fresh_venv(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "vendor", "*.egg-info",
                                                             "__pycache__", "*.db*", ".pytest_cache"))
    assert not (src / "armstrace/web/static/vendor").exists()   # as a fresh clone has it
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(src)],
                   check=True, timeout=600)
    [wheel] = (tmp_path / "dist").glob("armstrace-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for f in VENDORED:
        assert f"armstrace/web/static/vendor/{f}" in names

    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(fresh)], check=True)
    subprocess.run([fresh / "bin/pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300)
    # the dependencies are this environment's (installing spaCy and its model again would only cost time)
    site = next((fresh / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text("\n".join(p for p in sys.path if p.endswith("site-packages")) + "\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([fresh / "bin/armstrace", "serve", "--db", str(tmp_path / "w.db"), "--port", str(port),
                               "--workers", "1"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        page = None
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert page and "/static/vendor/cytoscape.min.js" in page
        js = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/cytoscape.min.js", timeout=5).read()
        assert len(js) > 100_000 and b"cytoscape" in js
        where = subprocess.run([fresh / "bin/python", "-c", "import armstrace.web; print(armstrace.web.__file__)"],
                               capture_output=True, text=True, check=True, cwd=tmp_path).stdout
        assert where.startswith(str(fresh))   # the wheel's copy, not this checkout
    finally:
        server.terminate()
        server.wait(10)
