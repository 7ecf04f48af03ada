"""The package build fetches the dashboard's JavaScript first (scripts/vendor_js.py), so that a wheel, and
`pip install .`, carry it with its licences; everything else is in pyproject.toml."""
import runpy
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithVendoredJS(build_py):
    def run(self):
        script = Path(__file__).resolve().parent / "scripts" / "vendor_js.py"
        if script.exists():  # building from the repository (an sdist carries the vendored files themselves)
            runpy.run_path(str(script))["vendor"]()
        super().run()


setup(cmdclass={"build_py": BuildWithVendoredJS})
