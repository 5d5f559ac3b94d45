"""Studies on a Dask cluster: :func:`footprint`, :func:`sweep` and :func:`monte_carlo` with the arguments of the
package's functions of the same names, cut into tasks on any ``dask.distributed`` cluster and merged into exactly the
same result (the same document and DataFrames, bit for bit) as on one machine.

How: the study is checked and sized here (the same messages as on one machine); its units of work (a footprint's
grid rows, a sweep's points, a Monte Carlo study's evaluations: its samples, the tornado's two per parameter and
the nominal) are cut into ``tiles`` / ``chunks`` contiguous ranges, each computed by a task
(``shieldsim._shieldsim.STUDY_part``) that returns bytes; the parts are gathered and merged here, where ``out``
is written. A unit's result depends only on the study and the unit, never on which task or machine computed it.

Needs ``pip install 'shieldsim[dask]'`` here and the same shieldsim version on every worker (a part from another
version is refused). A scenario given as a path must be readable by the workers at that path (relative paths are
made absolute here; use a shared file system, or pass TOML text or a dict, which travel with the task).

Errors: bad options raise ``ValueError`` here before any task; an error inside a task (a region without grid
points, a file the workers cannot read) is raised here as the same ``ValueError`` with the command line's message,
and the other tasks are cancelled.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import (
    FootprintResult,
    MonteCarloResult,
    Point,
    Scenario,
    Scenarios,
    Shape,
    SweepResult,
    _document,
    _footprint_options,
    _monte_carlo_options,
    _out,
    _shieldsim,
    _sweep_options,
)

if TYPE_CHECKING:
    import distributed

__all__ = ["footprint", "monte_carlo", "sweep"]


def _part(study: str, options: dict[str, Any], first: int, end: int) -> bytes:
    """A task: the units ``first..end`` of ``study`` (``footprint``, ``sweep``, ``monte_carlo``) as bytes."""
    part: bytes = getattr(_shieldsim, f"{study}_part")(first=first, end=end, **options)
    return part


def _distributed() -> Any:
    """The ``distributed`` module, untyped (its methods carry no annotations for ``mypy --strict``)."""
    import importlib

    return importlib.import_module("distributed")


def _client(client: distributed.Client | None) -> Any:
    return client if client is not None else _distributed().get_client()


def _ranges(units: int, pieces: int) -> list[tuple[int, int]]:
    """``units`` cut into at most ``pieces`` contiguous ranges of nearly equal size (larger ones first)."""
    pieces = max(1, min(pieces, units))
    size, extra = divmod(units, pieces)
    out, start = [], 0
    for k in range(pieces):
        end = start + size + (1 if k < extra else 0)
        out.append((start, end))
        start = end
    return out


def _pieces(value: int | None, client: Any, flag: str) -> int:
    if value is None:
        # Four tasks per worker thread: a slow tile does not leave the others idle at the end.
        threads: int = sum(client.nthreads().values())
        return 4 * max(1, threads)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{flag} = {value!r}: expected a number of tasks, an int of at least 1")
    return value


def _absolute(scenario: Any) -> Any:
    """A scenario path as an absolute path (workers may run elsewhere); names, text and dicts unchanged."""
    if isinstance(scenario, os.PathLike):
        scenario = os.fspath(scenario)
    if isinstance(scenario, str) and "\n" not in scenario and os.path.isfile(scenario):
        return os.path.abspath(scenario)
    if isinstance(scenario, list):
        return [_absolute(s) for s in scenario]
    return scenario


def _run(
    study: str, options: dict[str, Any], client: distributed.Client | None, pieces: int | None, flag: str,
    progress: bool, out: object,
) -> Mapping[str, Any]:
    key = "scenario" if "scenario" in options else "scenarios"
    options = {**options, key: _absolute(options[key])}
    units: int = getattr(_shieldsim, f"{study}_plan")(**options)
    cluster = _client(client)
    ranges = _ranges(units, _pieces(pieces, cluster, flag))
    futures = [cluster.submit(_part, study, options, a, b, pure=False) for a, b in ranges]
    try:
        if progress:
            _distributed().progress(futures)
        parts = cluster.gather(futures)
    finally:
        cluster.cancel([f for f in futures if not f.done()])
    raw: Mapping[str, Any] = getattr(_shieldsim, f"{study}_merge")(parts=parts, out=_out(out), progress=None, **options)
    return raw


def footprint(
    scenario: Scenario,
    *,
    launch: Point | None = None,
    reverse: bool = False,
    aim: Point | None = None,
    missile: str | None = None,
    shape: Shape = "min-energy",
    apogee_km: float | None = None,
    burnout_flight_path_deg: float | None = None,
    region: str | Sequence[float] | Sequence[Point] = "global",
    spacing_deg: float = 1.0,
    levels_s: str | Sequence[float] = "0,60,120,300,600",
    out: str | os.PathLike[str] | None = None,
    as_arrow: bool = False,
    client: distributed.Client | None = None,
    tiles: int | None = None,
    progress: bool = False,
) -> FootprintResult:
    """:func:`shieldsim.footprint` on a Dask cluster: the grid cut into ``tiles`` tasks of whole rows.

    Takes :func:`shieldsim.footprint`'s arguments (points and regions in degrees, ``spacing_deg`` in degrees,
    ``levels_s`` in seconds), and:

    Args:
        client: a ``distributed.Client`` (default: the current one, ``distributed.get_client()``).
        tiles: number of tasks, each a range of grid rows (default: four per worker thread; at most one per row).
        progress: show dask's progress bar (``distributed.progress``) while the tasks run.

    Returns:
        The :class:`shieldsim.FootprintResult` :func:`shieldsim.footprint` returns for the same arguments (but
        ``elapsed_s``, s, and the timing in ``.text``: the merge's own, not the tasks').
    """
    options = _footprint_options(
        scenario, launch, reverse, aim, missile, shape, apogee_km, burnout_flight_path_deg, region, spacing_deg,
        levels_s,
    )
    return _document(_run("footprint", options, client, tiles, "tiles", progress, out), FootprintResult, as_arrow)


def sweep(
    scenarios: Scenarios = None,
    *,
    vary: str | Sequence[str] | Mapping[str, str | Sequence[float]],
    out: str | os.PathLike[str] | None = None,
    as_arrow: bool = False,
    client: distributed.Client | None = None,
    chunks: int | None = None,
    progress: bool = False,
) -> SweepResult:
    """:func:`shieldsim.sweep` on a Dask cluster: the points (values, in the unit of each path's suffix) cut into
    ``chunks`` tasks.

    Args:
        client: a ``distributed.Client`` (default: the current one).
        chunks: number of tasks, each a range of points (default: four per worker thread; at most one per point).
        progress: show dask's progress bar while the tasks run.

    Returns:
        The :class:`shieldsim.SweepResult` :func:`shieldsim.sweep` returns for the same arguments.
    """
    options = _sweep_options(scenarios, vary)
    return _document(_run("sweep", options, client, chunks, "chunks", progress, out), SweepResult, as_arrow)


def monte_carlo(
    scenarios: Scenarios = None,
    *,
    samples: int,
    seed: int = 1,
    uncertain: str | Sequence[str] | Mapping[str, str] = (),
    out: str | os.PathLike[str] | None = None,
    as_arrow: bool = False,
    client: distributed.Client | None = None,
    chunks: int | None = None,
    progress: bool = False,
) -> MonteCarloResult:
    """:func:`shieldsim.monte_carlo` on a Dask cluster: the evaluations (the samples, the tornado's two per
    parameter, the nominal) cut into ``chunks`` tasks. The draws are a function of the seed and the sample index,
    so the samples are the same whatever the chunks.

    Args:
        client: a ``distributed.Client`` (default: the current one).
        chunks: number of tasks, each a range of evaluations (default: four per worker thread).
        progress: show dask's progress bar while the tasks run.

    Returns:
        The :class:`shieldsim.MonteCarloResult` :func:`shieldsim.monte_carlo` returns for the same arguments.
    """
    options = _monte_carlo_options(scenarios, samples, seed, uncertain)
    return _document(
        _run("monte_carlo", options, client, chunks, "chunks", progress, out), MonteCarloResult, as_arrow
    )
