"""shieldsim.dask on a LocalCluster of two worker processes: a footprint, a sweep and a Monte Carlo study cut into
tasks equal the single-machine results exactly (documents and DataFrames), and an error inside a task is raised as
the single-machine ValueError with its message."""

from __future__ import annotations

import pandas as pd
import pytest

import shieldsim

distributed = pytest.importorskip("distributed")
import shieldsim.dask as sd  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _same(dask_result: shieldsim.Document, one: shieldsim.Document, table: str) -> None:
    a, b = dict(dask_result), dict(one)
    a.pop("elapsed_s", None), b.pop("elapsed_s", None)
    assert a == b
    pd.testing.assert_frame_equal(getattr(dask_result, table), getattr(one, table), check_exact=True)
    assert getattr(dask_result, table).attrs == getattr(one, table).attrs


def test_footprint_tiles_are_the_single_machine_footprint(client, small_path: str) -> None:
    args = dict(region=(30, 20, 50, 60), spacing_deg=10, launch=(38.07, 46.30))
    one = shieldsim.footprint(small_path, **args)
    tiled = sd.footprint(small_path, client=client, tiles=3, **args)
    _same(tiled, one, "grid")
    assert one["engageable_points"] > 0 and one["rows"] == 2
    # The current client by default, and more tiles than rows.
    _same(sd.footprint(small_path, tiles=50, **args), one, "grid")


def test_sweep_chunks_are_the_single_machine_sweep(client, small_path: str) -> None:
    vary = {"rules.decision_delay_s": [0, 30, 120, 600]}
    one = shieldsim.sweep(small_path, vary=vary)
    _same(sd.sweep(small_path, vary=vary, client=client, chunks=3), one, "table")
    # The text too, but for its last line's timing.
    text = sd.sweep(small_path, vary=vary, client=client, chunks=4).text
    assert one.text.rsplit(" in ", 1)[0] == text.rsplit(" in ", 1)[0]


def test_monte_carlo_chunks_are_the_single_machine_study(client, small_path: str) -> None:
    args = dict(samples=12, seed=3, uncertain={"radars.kurecik.range_km": "uniform:300:1500"})
    one = shieldsim.monte_carlo(small_path, **args)
    _same(sd.monte_carlo(small_path, client=client, chunks=4, **args), one, "samples")
    # 12 samples + 2 tornado evaluations per parameter (two) + the nominal, in 4 tasks; the samples differ.
    assert len(one.samples) == 12 * 2
    assert one.samples["window_p50_s"].nunique() > 2


def test_an_error_in_a_task_is_the_single_machine_value_error(client, small_path: str) -> None:
    # A polygon with no grid point inside: found by the engine when the rows are evaluated, i.e. in the tasks.
    # An L-shaped polygon whose one grid point (the centre of its bounds) lies outside it.
    corner = [(40.0, 40.0), (40.2, 40.0), (40.2, 40.02), (40.19, 40.02), (40.19, 40.002), (40.0, 40.002)]
    args = dict(region=corner, spacing_deg=5)
    with pytest.raises(ValueError) as one:
        shieldsim.footprint(small_path, **args)
    with pytest.raises(ValueError) as tiled:
        sd.footprint(small_path, client=client, tiles=2, **args)
    assert str(tiled.value) == str(one.value)
    assert "no grid point falls inside the region" in str(one.value)
    # Bad options are refused before any task, with the same message.
    with pytest.raises(ValueError, match="--spacing-deg"):
        sd.footprint(small_path, client=client, spacing_deg=-1)
    with pytest.raises(ValueError, match="tiles = 0"):
        sd.footprint(small_path, client=client, tiles=0, region=(30, 20, 50, 60), spacing_deg=10)
