"""The package's surface: every function mirrors its command with the CLI's option names and defaults (read from
`shieldsim CMD --help`), the type stubs match the native module, and every public function is documented."""

from __future__ import annotations

import ast
import inspect
import pathlib
import re

import pytest

import shieldsim
from shieldsim import _shieldsim

# Python function -> (CLI command, the CLI's flags it does not take, its parameters the CLI has not).
MIRRORS = {
    "ballistic": ("ballistic", {"format"}, set()),
    "trajectory": ("trajectory", {"format"}, set()),
    "engage": ("engage", {"format"}, set()),
    "assess": ("assess", {"format", "quiet", "monte-carlo", "seed", "uncertain"}, {"progress", "as_arrow"}),
    "monte_carlo": ("assess", {"format", "quiet"}, {"progress", "as_arrow"}),
    "footprint": ("footprint", {"format", "quiet"}, {"progress", "as_arrow"}),
    "sweep": ("sweep", {"format", "quiet", "list"}, {"progress", "as_arrow"}),
    "limits": ("limits", {"format", "quiet"}, {"progress"}),
    "raid": ("raid", {"format", "quiet"}, {"progress"}),
}
# Where a Python name is not the flag's.
FLAG_OF = {("monte_carlo", "samples"): "monte-carlo"}


def cli_options(help_text: str) -> dict[str, str | None]:
    """Each `--flag` of a help text with its `[default: ...]` (None without one)."""
    options: dict[str, str | None] = {}
    current = None
    for line in help_text.splitlines():
        m = re.match(r"^\s+(?:-\w, )?--([a-z0-9-]+)", line)
        if m:
            current = m.group(1)
            options[current] = None
            continue
        d = re.search(r"\[default: ([^\]]*)\]", line)
        if d and current:
            options[current] = d.group(1)
    options.pop("help", None)
    return options


@pytest.mark.parametrize("function", sorted(MIRRORS))
def test_options_and_defaults_are_the_clis(function: str, shieldsim_cli) -> None:
    command, cli_only, py_only = MIRRORS[function]
    help_text = shieldsim_cli.text(command, "--help")
    options = cli_options(help_text)
    signature = inspect.signature(getattr(shieldsim, function))
    params = {
        FLAG_OF.get((function, name), name.rstrip("_").replace("_", "-")): p
        for name, p in signature.parameters.items()
        if name not in py_only and name not in ("scenario", "scenarios")
    }
    expected = {f: d for f, d in options.items() if f not in cli_only}
    if function == "assess":
        expected.pop("seed", None)
    assert set(params) == set(expected), f"{function}: options differ from `shieldsim {command}`"
    for flag, cli_default in expected.items():
        p = params[flag]
        if cli_default is None:
            # No CLI default: required, or absent (None), a repeatable flag (empty) or a switch flag (False).
            assert p.default in (inspect.Parameter.empty, None, (), False), (flag, p.default)
        elif p.default is None:
            # A default the job applies (the CLI's help states it in words, e.g. "60, a generic value"): the
            # docstring states the same value.
            value = cli_default.split(",")[0]
            assert re.search(rf"default: (a generic )?{re.escape(value)}\b", getattr(shieldsim, function).__doc__), flag
        elif cli_default in ("on", "off"):
            assert p.default is (cli_default == "on"), flag
        elif isinstance(p.default, (int, float)) and not isinstance(p.default, bool):
            assert p.default == float(cli_default), flag
        else:
            assert p.default == cli_default, flag
    # The scenario argument is positional as on the command line.
    if "[SCENARIOS]..." in help_text:
        assert list(signature.parameters)[0] == "scenarios"
    elif "<SCENARIO>" in help_text:
        assert list(signature.parameters)[0] == "scenario"


def test_stubs_match_the_native_module() -> None:
    stub = pathlib.Path(_shieldsim.__file__).with_name("_shieldsim.pyi")
    if not stub.is_file():  # an editable install keeps the stub beside the sources
        stub = pathlib.Path(shieldsim.__file__).with_name("_shieldsim.pyi")
    tree = ast.parse(stub.read_text())
    stubbed = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    native = {n for n in dir(_shieldsim) if callable(getattr(_shieldsim, n)) and not n.startswith("_")}
    assert set(stubbed) == native
    for name, f in stubbed.items():
        runtime = [p.name for p in inspect.signature(getattr(_shieldsim, name)).parameters.values()]
        kwarg = [f.args.kwarg.arg] if f.args.kwarg else []
        assert [a.arg for a in f.args.kwonlyargs] + kwarg == runtime, name


def test_public_functions_are_documented_with_units() -> None:
    assert (pathlib.Path(shieldsim.__file__).parent / "py.typed").is_file()
    for name in shieldsim.__all__:
        obj = getattr(shieldsim, name)
        assert obj.__doc__ and len(obj.__doc__) > 60, name
        if name in MIRRORS:
            # Every option is described in the docstring.
            for p in inspect.signature(obj).parameters:
                assert re.search(rf"\b{p}\b", obj.__doc__), (name, p)
    assert "km" in shieldsim.footprint.__doc__ and "degrees" in shieldsim.footprint.__doc__
    assert "m/s" in shieldsim.ballistic.__doc__ and "kg/m²" in shieldsim.ballistic.__doc__
    assert shieldsim.__version__ == _shieldsim.VERSION


USAGE = '''
import shieldsim

t = shieldsim.trajectory(from_=(35.23, 53.92), to="33.31,44.37", missile="shahab-3")
seconds: float = t["flight_time_s"]
a = shieldsim.assess(["epaa-phase2-2015", {"scenario": {"name": "x"}}], progress=lambda done, total: None)
print(a.text, a.files, a.corridors, a.trajectories)
fp = shieldsim.footprint("epaa-phase3-2018", region=(30, -15, 72, 60), spacing_deg=1.0, levels_s=[0, 60])
print(fp.grid, shieldsim.missiles(), shieldsim.sweep(vary={"rules.decision_delay_s": [0, 30]}).table)
'''


def test_the_package_and_its_use_type_check(tmp_path: pathlib.Path) -> None:
    """The annotations (py.typed, _shieldsim.pyi) are complete and consistent: `mypy --strict` passes on the package
    and on code that uses it."""
    import subprocess
    import sys

    usage = tmp_path / "usage.py"
    usage.write_text(USAGE)
    for target in (["-p", "shieldsim"], [str(usage)]):
        p = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), *target],
            capture_output=True, text=True,
        )
        assert p.returncode == 0, p.stdout + p.stderr
