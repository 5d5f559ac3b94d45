"""The catalogue as DataFrames, the built-in scenarios (list, show, export), and scenarios given as dicts."""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import shieldsim


@pytest.mark.parametrize("kind", ["missiles", "interceptors", "radars"])
def test_catalogue_frame_is_the_cli_document(kind: str, shieldsim_cli) -> None:
    frame = getattr(shieldsim, kind)()
    cli = shieldsim_cli.json("catalog", kind)[kind]
    assert list(frame["id"]) == [row["id"] for row in cli]
    assert set(frame.columns) == set(cli[0])
    assert list(frame.columns[:2]) == ["id", "name"] and frame.columns[-1] == "sources"
    for row, doc in zip(frame.to_dict("records"), cli):
        for key, value in doc.items():
            if isinstance(value, list):
                assert row[key] == "; ".join(value), key
            else:
                assert row[key] == value, key
    assert frame["id"].is_unique


def test_catalogue_dtypes() -> None:
    m = shieldsim.missiles()
    assert m["stages"].dtype == np.int64
    assert m["max_range_km"].dtype == np.float64 and m["launch_mass_kg"].dtype == np.float64
    assert pd.api.types.is_string_dtype(m["id"]) and pd.api.types.is_string_dtype(m["sources"])
    # Computed ranges within 15 % of the published ones (the catalogue's own calibration claim is tighter).
    assert (m["range_error_pct"].abs() < 15).all()
    r = shieldsim.radars()
    assert r["fire_control"].dtype == bool and r["max_range_km"].gt(0).all()
    arrow = shieldsim.catalog("radars", as_arrow=True)
    assert isinstance(arrow, pa.Table) and arrow.column_names == list(r.columns)
    assert arrow.schema.field("fire_control").type == pa.bool_()


def test_list_scenarios_is_the_cli_list(shieldsim_cli) -> None:
    frame = shieldsim.list_scenarios()
    cli = shieldsim_cli.json("scenarios", "list")["scenarios"]
    assert list(frame.columns) == ["name", "title", "corridors", "trajectories", "sites", "radars"]
    assert list(frame["name"]) == [s["name"] for s in cli]
    assert list(frame["trajectories"]) == [s["trajectories"] for s in cli]
    assert frame["trajectories"].dtype == np.int64
    assert list(frame["corridors"]) == ["; ".join(s["corridors"]) for s in cli]
    assert frame.attrs["text"] == shieldsim_cli.text("scenarios", "list")


def test_show_and_export_are_the_cli_text(small_path: str, small_toml: str, shieldsim_cli) -> None:
    assert shieldsim.show_scenario("epaa-phase1-2011") == shieldsim_cli.text("scenarios", "show", "epaa-phase1-2011")
    assert shieldsim.export_scenario("epaa-phase1-2011") == shieldsim_cli.text("scenarios", "export", "epaa-phase1-2011")
    assert shieldsim.show_scenario(small_path) == shieldsim_cli.text("scenarios", "show", small_path)
    # Text and dict scenarios are the same scenario as the file.
    assert shieldsim.show_scenario(small_toml) == shieldsim.show_scenario(small_path)
    assert shieldsim.show_scenario(tomllib.loads(small_toml)) == shieldsim.show_scenario(small_path)


def test_scenario_dict_round_trip() -> None:
    d = shieldsim.scenario_dict("third-site-2007")
    assert d["scenario"]["name"] == "third-site-2007"
    # dict -> TOML (the toml crate) -> dict is the identity.
    assert tomllib.loads(shieldsim.scenario_toml(d)) == d
    # An edited dict is a new scenario.
    d["scenario"]["name"] = "third-site-edited"
    d["architecture"]["decision_delay_s"] = 45.0
    text = shieldsim.show_scenario(d)
    assert text.startswith("third-site-edited: ") and "45 s after a fire-control track" in text


def test_dict_values_are_checked(small_toml: str) -> None:
    d = tomllib.loads(small_toml)
    bad = dict(d, architecture={"decision_delay_s": math.nan})
    with pytest.raises(ValueError, match=r'^scenarios\["architecture"\]\["decision_delay_s"\] = NaN: expected a finite number$'):
        shieldsim.assess(bad)
    with pytest.raises(TypeError, match=r'^scenarios\["corridor"\]: a scenario dict holds .* got set$'):
        shieldsim.assess(dict(d, corridor={1, 2}))
    with pytest.raises(TypeError, match="keys must be str"):
        shieldsim.assess({1: "x"})
    with pytest.raises(ValueError, match="TOML arrays cannot hold None"):
        shieldsim.assess(dict(d, scenario=dict(d["scenario"], sources=[None])))
    # None at a key means "not given": the scenario's default applies.
    same = dict(d, architecture=dict(d["architecture"], early_warning=None))
    assert shieldsim.scenario_toml(same) == shieldsim.scenario_toml(d)
    # A wrong value is refused by the scenario loader, with the key named (in the generated TOML's coordinates).
    with pytest.raises(ValueError, match=r"(?s)has 1 problem.*negative delay: decision_delay_s = -5 .*--> <scenario dict>:\d+:\d+"):
        shieldsim.assess(dict(d, architecture=dict(d["architecture"], decision_delay_s=-5.0)))
