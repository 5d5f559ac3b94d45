"""Shared fixtures of the Python package's tests: a small scenario (one site, one radar, two corridors, a few
trajectories: each job takes about a second), and the `shieldsim` command line, to check that the package gives
the same documents and messages as the CLI for the same options."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]

#: The small scenario. Tabriz to Ankara and Adana are within the Shahab-3's reach, Izmir is not (an out-of-range
#: pair); Baku is a second corridor for `limits` and `raid`.
SMALL_TOML = """\
[scenario]
name = "python-test"
title = "A small test scenario: one site, one radar, two corridors"
sources = ["illustrative (tests of the Python package)"]

[architecture]
decision_delay_s = 30.0

[[architecture.radar]]
name = "kurecik"
type = "an-tpy-2"
lat_deg = 38.35
lon_deg = 37.79
boresight_azimuth_deg = 95.0

[[architecture.site]]
name = "malatya"
interceptor = "sm3-ib"
lat_deg = 38.36
lon_deg = 37.80
inventory = 24

[[corridor]]
name = "west"
missiles = ["shahab-3"]
shapes = ["min-energy"]

  [[corridor.launch]]
  name = "tabriz"
  lat_deg = 38.07
  lon_deg = 46.30

  [[corridor.aim]]
  name = "ankara"
  lat_deg = 39.93
  lon_deg = 32.86

  [[corridor.aim]]
  name = "adana"
  lat_deg = 37.00
  lon_deg = 35.32

  [[corridor.aim]]
  name = "izmir"
  lat_deg = 38.42
  lon_deg = 27.14

[[corridor]]
name = "north"
missiles = ["shahab-3"]
shapes = ["min-energy"]

  [[corridor.launch]]
  name = "tabriz"
  lat_deg = 38.07
  lon_deg = 46.30

  [[corridor.aim]]
  name = "tbilisi"
  lat_deg = 41.72
  lon_deg = 44.79

[[force]]
corridor = "west"
warheads = 3
source = "notional test raid"
notional = true

[[uncertainty]]
path = "rules.decision_delay_s"
distribution = "uniform"
min = 10.0
max = 90.0
source = "illustrative"
"""


@pytest.fixture(scope="session")
def small_toml() -> str:
    return SMALL_TOML


@pytest.fixture(scope="session")
def small_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("scenario") / "small.toml"
    path.write_text(SMALL_TOML)
    return str(path)


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    """The `shieldsim` binary: $SHIELDSIM_CLI (./test sets it), else the release build of this repository."""
    path = pathlib.Path(os.environ.get("SHIELDSIM_CLI", REPO / "target" / "release" / "shieldsim"))
    if not path.is_file():
        pytest.fail(f"no shieldsim binary at {path}: run ./test, or `cargo build --release -p shieldsim-cli`")
    return path


class Cli:
    def __init__(self, path: pathlib.Path) -> None:
        self.path = path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.path), *args], capture_output=True, text=True, timeout=600)

    def json(self, *args: str) -> dict:
        p = self.run(*args, "--format", "json")
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)

    def text(self, *args: str) -> str:
        """The standard output of a successful command (its table for people)."""
        p = self.run(*args)
        assert p.returncode == 0, p.stderr
        return p.stdout

    def error(self, *args: str) -> str:
        """The message of a refused command (exit code 2; stderr is `error: MESSAGE`, the message may have a hint
        line)."""
        p = self.run(*args)
        assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
        assert p.stderr.startswith("error: ") and p.stderr.endswith("\n"), p.stderr
        return p.stderr.removeprefix("error: ").removesuffix("\n")


@pytest.fixture(scope="session")
def shieldsim_cli(cli: pathlib.Path) -> Cli:
    return Cli(cli)
