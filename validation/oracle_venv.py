"""The virtual environment shared by the oracle scripts of this folder.

`ensure(requirements, venv_dir, script)` creates `venv_dir` if needed, installs the pinned requirements into it, and
re-executes `script` inside it; inside the venv it returns at once.
"""

import os
import subprocess
import sys
import venv


def ensure(requirements: list[str], venv_dir: str, script: str) -> None:
    """Create the venv and install the pinned packages if needed, then re-exec `script` inside it."""
    if os.path.realpath(sys.prefix) == os.path.realpath(venv_dir):
        return
    python = os.path.join(venv_dir, "bin", "python")
    if not os.path.exists(python):
        print(f"# creating virtual environment {venv_dir}", file=sys.stderr)
        venv.create(venv_dir, with_pip=True)
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
        check=True,
    )
    os.execv(python, [python, os.path.abspath(script), *sys.argv[1:]])
