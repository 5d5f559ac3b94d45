"""assess, footprint, sweep, monte_carlo, limits and raid on a small scenario: the documents are the command line's,
and each table agrees with its document (two code paths: the document's structs and the table builders)."""

from __future__ import annotations

import pathlib
import tomllib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import shieldsim


@pytest.fixture(scope="module")
def assessed(small_path: str) -> shieldsim.AssessResult:
    return shieldsim.assess(small_path)


def test_assess_is_the_cli_document(assessed, small_path: str, shieldsim_cli) -> None:
    assert dict(assessed) == shieldsim_cli.json("assess", small_path)
    assert [r["corridor"] for r in assessed["results"]] == ["west", "north"]
    assert isinstance(assessed, dict) and assessed.files == []


def test_assess_scenario_as_path_text_or_dict_is_one_scenario(assessed, small_toml: str, small_path: str) -> None:
    assert shieldsim.assess(small_toml) == assessed
    assert shieldsim.assess(tomllib.loads(small_toml)) == assessed
    assert shieldsim.assess(pathlib.Path(small_path)) == assessed
    assert shieldsim.assess([small_path]) == assessed


def test_assess_corridor_table_is_the_document(assessed) -> None:
    c = assessed.corridors
    assert list(c.columns[:9]) == [
        "scenario", "corridor", "pairs", "evaluated", "out_of_range", "failed", "engageable", "engageable_share",
        "weighted_engageable_share",
    ]
    for col in ["pairs", "evaluated", "out_of_range", "failed", "engageable"]:
        assert c[col].dtype == np.int64
    for col in ["engageable_share", "window_p50_s", "shots_max", "first_intercept_alt_p90_km"]:
        assert c[col].dtype == np.float64
    assert pd.api.types.is_string_dtype(c["corridor"]) and pd.api.types.is_string_dtype(c["sites"])
    assert len(c) == len(assessed["results"])
    for row, doc in zip(c.to_dict("records"), assessed["results"]):
        for key, value in doc.items():
            if key == "sites":
                assert row["sites"] == " ".join(value)
            elif key == "enabled_by":
                assert row["enabled_by"] == " ".join(f"{e['sensor']}={e['trajectories']}" for e in value)
            elif value is None:
                assert np.isnan(row[key]), key
            else:
                assert row[key] == value, key
    assert c.attrs["units"]["window_p50_s"].endswith("(null when none)")
    assert "km" in c.attrs["units"]["first_intercept_alt_p50_km"]


def test_assess_trajectory_table_adds_up_to_the_corridors(assessed) -> None:
    t = assessed.trajectories
    c = assessed.corridors.set_index("corridor")
    assert t["engageable"].dtype == bool and t["window_s"].dtype == np.float64
    assert pd.api.types.is_string_dtype(t["outcome"])
    assert set(t["outcome"]) <= {"engageable", "not_engageable", "out_of_range", "failed"}
    for corridor, rows in t.groupby("corridor"):
        assert len(rows) == c.loc[corridor, "pairs"]
        assert (rows["outcome"] == "out_of_range").sum() == c.loc[corridor, "out_of_range"]
        assert rows["outcome"].isin(["engageable", "not_engageable"]).sum() == c.loc[corridor, "evaluated"]
        assert rows["engageable"].sum() == c.loc[corridor, "engageable"]
        engaged = rows[rows["engageable"]]
        if len(engaged):
            assert engaged["window_s"].max() == c.loc[corridor, "window_max_s"]
            assert engaged["earliest_intercept_alt_km"].min() == pytest.approx(
                c.loc[corridor, "first_intercept_alt_min_km"]
            )
    # Not flown: no window, no intercept; flown and engageable: the earliest intercept comes first.
    flown = t["outcome"].isin(["engageable", "not_engageable"])
    assert t.loc[~flown, "window_s"].isna().all() and t.loc[flown, "window_s"].notna().all()
    e = t[t["engageable"]]
    assert (e["earliest_intercept_t_s"] <= e["latest_intercept_t_s"]).all()
    assert (e["earliest_intercept_launch_s"] < e["earliest_intercept_t_s"]).all()
    assert (e["earliest_intercept_t_s"] < e["impact_s"]).all()
    izmir = t[t["aim"] == "izmir"].iloc[0]
    assert izmir["outcome"] == "out_of_range" and "out of reach" in izmir["reason"]


def test_assess_as_arrow_and_out(small_path: str, tmp_path: pathlib.Path) -> None:
    r = shieldsim.assess(small_path, as_arrow=True, out=tmp_path / "a")
    assert isinstance(r.corridors, pa.Table) and isinstance(r.trajectories, pa.Table)
    assert r.corridors.schema.field("engageable").type == pa.int64()
    assert r.trajectories.schema.field("engageable").type == pa.bool_()
    names = {pathlib.Path(f).name for f in r.files}
    assert {"assessment.json", "corridors.csv", "trajectories.geojson"} <= names
    assert all(pathlib.Path(f).is_file() for f in r.files)


FOOTPRINT_ARGS = ["--region", "30,26,45,50", "--spacing-deg", "3"]


@pytest.fixture(scope="module")
def fp(small_path: str) -> shieldsim.FootprintResult:
    return shieldsim.footprint(small_path, region=(30, 26, 45, 50), spacing_deg=3)


def test_footprint_is_the_cli_document(fp, small_path: str, shieldsim_cli) -> None:
    cli = shieldsim_cli.json("footprint", small_path, *FOOTPRINT_ARGS)
    for doc in (cli, fp):
        doc.pop("elapsed_s")
    assert dict(fp) == cli


def test_footprint_grid_is_the_document(fp) -> None:
    g = fp.grid
    assert list(g.columns) == [
        "row", "col", "lat_deg", "lon_deg", "status", "engageable", "window_s", "shots", "sites",
        "earliest_intercept_s", "earliest_intercept_alt_km", "flight_time_s", "range_km",
    ]
    assert g["row"].dtype == np.int64 and g["lat_deg"].dtype == np.float64 and g["engageable"].dtype == bool
    assert len(g) == fp["points"] == fp["rows"] * fp["cols"]
    counts = g["status"].value_counts()
    for status in ["engageable", "not_engageable", "out_of_range", "failed", "outside"]:
        assert counts.get(status, 0) == fp[f"{status}_points"]
    assert g["engageable"].sum() == fp["engageable_points"] > 0
    # Cell centres of a 3-degree grid over 30..45 N, 26..50 E.
    assert g["lat_deg"].min() == pytest.approx(31.5) and g["lat_deg"].max() == pytest.approx(43.5)
    assert g["lon_deg"].min() == pytest.approx(27.5) and g["lon_deg"].max() == pytest.approx(48.5)
    assert g.loc[g["engageable"], "window_s"].gt(0).all()
    assert g.loc[g["engageable"], "window_s"].max() == pytest.approx(fp["max_window_s"])


def test_footprint_region_forms_agree(fp, small_path: str) -> None:
    as_text = shieldsim.footprint(small_path, region="30,26,45,50", spacing_deg=3, levels_s=[0, 60, 120, 300, 600])
    pd.testing.assert_frame_equal(as_text.grid, fp.grid)
    polygon = shieldsim.footprint(small_path, region=[(30, 26), (45, 26), (45, 50), (30, 50)], spacing_deg=3)
    # The polygon covers the same box: every cell inside it is evaluated as in the box.
    inside = polygon.grid[polygon.grid["status"] != "outside"]
    assert 0 < len(inside) <= len(fp.grid)


def test_sweep_line_is_the_cli_document_and_meets_assess(assessed, small_path: str, shieldsim_cli) -> None:
    s = shieldsim.sweep(small_path, vary={"rules.decision_delay_s": [0, 30, 600]})
    cli = shieldsim_cli.json("sweep", small_path, "--vary", "rules.decision_delay_s=0,30,600")
    assert dict(s) == cli
    t = s.table
    assert len(t) == 3 * 2  # values x corridors
    assert set(t["parameter_1"]) == {"rules.decision_delay_s"}
    assert t["value_1"].tolist() == [0.0, 0.0, 30.0, 30.0, 600.0, 600.0]
    assert t["nominal"].tolist() == [False, False, True, True, False, False]
    # At the scenario's own value (30 s) the sweep is the assessment.
    nominal = t[t["nominal"]].set_index("corridor")
    for row in assessed["results"]:
        assert nominal.loc[row["corridor"], "engageable"] == row["engageable"]
    # A later launch decision can only lose engagements.
    west = t[t["corridor"] == "west"]["engageable"].tolist()
    assert west == sorted(west, reverse=True)
    assert shieldsim.sweep(small_path, vary="rules.decision_delay_s=0:600:300").table["value_1"].tolist()[::2] == [
        0.0, 300.0, 600.0
    ]


def test_sweep_parameters_is_the_cli_list(small_path: str, shieldsim_cli) -> None:
    frame = shieldsim.sweep_parameters(small_path)
    assert frame.to_dict("records") == shieldsim_cli.json("sweep", small_path, "--list")
    assert list(frame.columns) == ["scenario", "path", "unit", "value"] and frame["value"].dtype == np.float64
    delay = frame.set_index("path").loc["rules.decision_delay_s"]
    assert (delay["unit"], delay["value"]) == ("s", 30.0)


def test_monte_carlo_samples(small_path: str, shieldsim_cli) -> None:
    m = shieldsim.monte_carlo(small_path, samples=6, seed=3)
    assert dict(m) == shieldsim_cli.json("assess", small_path, "--monte-carlo", "6", "--seed", "3")
    s = m.samples
    assert len(s) == 6 * 2 and sorted(set(s["sample"])) == list(range(6))
    assert s["sample"].dtype == np.int64 and s["value_1"].dtype == np.float64
    assert set(s["parameter_1"]) == {"rules.decision_delay_s"}
    assert s["value_1"].between(10.0, 90.0).all()  # the file's uniform:10:90
    # Both corridors of one sample see the same draw.
    assert (s.groupby("sample")["value_1"].nunique() == 1).all()
    # --uncertain replaces the file's distribution for that path.
    narrow = shieldsim.monte_carlo(small_path, samples=6, uncertain={"rules.decision_delay_s": "uniform:40:41"})
    assert narrow.samples["value_1"].between(40.0, 41.0).all()


def test_limits_is_the_cli_document(assessed, small_path: str, shieldsim_cli) -> None:
    r = shieldsim.limits(small_path, stated="west", deterrent=["north"], param={"radars.kurecik.range_km": (100, 2000)})
    cli = shieldsim_cli.json(
        "limits", small_path, "--stated", "west", "--deterrent", "north",
        "--param", "radars.kurecik.range_km=100:2000",
    )
    assert dict(r) == cli
    assert r["stated"] == ["west"] and r["deterrent"] == ["north"]
    (limit,) = r["limits"]
    assert (limit["search_from"], limit["search_to"]) == (100.0, 2000.0)
    # At the scenario's own radar range the search sees the assessment.
    at_nominal = {row["corridor"]: row for row in assessed["results"]}
    assert limit["at_nominal"]["stated_engageable"] == at_nominal["west"]["engageable"]
    assert limit["at_nominal"]["deterrent_evaluated"] == at_nominal["north"]["evaluated"]


def test_raid_is_the_cli_document(small_path: str, shieldsim_cli) -> None:
    r = shieldsim.raid(small_path, pk=0.7, force={"west": 3, "north": 2}, trials=500)
    cli = shieldsim_cli.json(
        "raid", small_path, "--pk", "0.7", "--force", "west=3", "--force", "north=2", "--trials", "500"
    )
    assert dict(r) == cli
