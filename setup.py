"""Ship cypher/, schema/ and corpus.toml inside the wheel (as graph_rag/_data).

The files live at the top of the repository, where people read and edit them; a
wheel holds only packages, so the build copies them in. graph_rag/resources.py
finds either place. Everything else is declared in pyproject.toml.
"""

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# The names graph_rag.resources looks up (read from its file: the package is not built yet).
DATA = runpy.run_path(str(HERE / "graph_rag" / "resources.py"))["SHIPPED"]


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "graph_rag" / "_data"
        for name in DATA:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildPyWithData})
