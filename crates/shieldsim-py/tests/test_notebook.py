"""docs/notebook.md runs: its ```python blocks, in order, in one namespace, produce the tables and figures it
describes."""

from __future__ import annotations

import pathlib
import re

import pandas as pd

NOTEBOOK = pathlib.Path(__file__).resolve().parents[3] / "docs" / "notebook.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_the_notebook_runs_and_makes_its_outputs(monkeypatch, tmp_path: pathlib.Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    blocks = python_blocks(NOTEBOOK.read_text())
    assert len(blocks) >= 10
    namespace: dict = {"__name__": "__notebook__"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"{NOTEBOOK.name} block {i + 1}", "exec"), namespace)
    # The assessment into pandas: one corridor, its table agreeing with its trajectories.
    corridors, t = namespace["result"].corridors, namespace["result"].trajectories
    assert list(corridors["corridor"]) == ["iran-europe"]
    assert t["engageable"].sum() == corridors["engageable"].iloc[0] > 0
    assert namespace["by_missile"]["flown"].sum() == corridors["evaluated"].iloc[0]
    # The footprint into geopandas: engageable points, and polygons with an area.
    grid, areas = namespace["grid"], namespace["areas"]
    assert grid.crs.to_epsg() == 4326 and grid["engageable"].sum() == namespace["fp"]["engageable_points"] > 0
    # One polygon layer per window level; the levels are nested, so their areas shrink as the level rises, and the
    # engageable area (level 0) is not empty.
    assert list(areas["level_s"]) == [0.0, 60.0, 120.0, 300.0, 600.0]
    sizes = list(areas["area_million_km2"])
    assert sizes[0] > 0 and sizes == sorted(sizes, reverse=True)
    # Europe is about 10 million km2: the engageable area is a part of the region mapped.
    assert sizes[0] < 30
    done, total = namespace["calls"][-1]
    assert done == total == 3 * 5  # a 5-degree grid over 35..50 N, 20..45 E
    for figure in ["footprint.png", "shares.png"]:
        path = namespace["work"] / figure
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert isinstance(namespace["missiles"], pd.DataFrame)
