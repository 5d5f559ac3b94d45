"""Type stubs of the native module ``shieldsim._shieldsim`` (PyO3). Use the package ``shieldsim``: its functions
give these their defaults, accept points as pairs and scenarios as paths, and turn the results into dicts and
DataFrames.

Every job function returns a :class:`Raw` dict: ``document`` (the command line's ``--format json`` text), ``text``
(its table for people), ``files`` (written into ``out``) and ``tables`` (name -> Parquet bytes).
"""

from collections.abc import Callable
from typing import Any, TypedDict

VERSION: str

class Raw(TypedDict):
    document: str
    text: str
    files: list[str]
    tables: dict[str, bytes]

_Progress = Callable[[int, int], object] | None
_Scenarios = str | dict[str, Any] | list[str | dict[str, Any]] | None

def ballistic(
    *,
    lat: float,
    lon: float,
    alt_km: float,
    speed_mps: float,
    azimuth_deg: float,
    flight_path_deg: float,
    earth_shape: str,
    rotation: bool,
    gravity: str,
    drag: bool,
    beta_kg_m2: float | None,
    samples: int,
    rtol: float,
) -> Raw: ...
def trajectory(
    *,
    from_: str,
    to: str,
    missile: str,
    shape_name: str,
    apogee_km: float | None,
    burnout_flight_path_deg: float | None,
    earth_shape: str,
    rotation: bool,
    gravity: str,
    drag: bool,
    samples: int,
) -> Raw: ...
def engage(
    *,
    threat_from: str,
    threat_to: str,
    missile: str,
    interceptor: str,
    site: list[str],
    radar: list[str],
    early_warning: bool,
    early_warning_delay_s: float | None,
    decision_delay_s: float,
    radar_role: list[str],
    link: list[str],
    launch_rule: str,
    launch_time_s: float | None,
    booster_rcs_m2: float | None,
    rv_rcs_m2: float | None,
    shape_name: str,
    apogee_km: float | None,
    burnout_flight_path_deg: float | None,
    earth_shape: str,
    rotation: bool,
    gravity: str,
    drag: bool,
    out: str | None,
) -> Raw: ...
def assess(*, scenarios: _Scenarios, out: str | None, progress: _Progress) -> Raw: ...
def monte_carlo(*, out: str | None, progress: _Progress, **options: Any) -> Raw: ...
def footprint(*, out: str | None, progress: _Progress, **options: Any) -> Raw: ...
# footprint, sweep and monte_carlo take their options as keyword arguments (see shieldsim._footprint_options,
# _sweep_options, _monte_carlo_options): footprint: scenario, launch, reverse, aim, missile, shape_name, apogee_km,
# burnout_flight_path_deg, region, spacing_deg, levels_s; sweep: scenarios, vary; monte_carlo: scenarios,
# samples, seed, uncertain.
def sweep(*, out: str | None, progress: _Progress, **options: Any) -> Raw: ...
def sweep_parameters(*, scenarios: _Scenarios) -> str: ...
def limits(
    *,
    scenario: str | dict[str, Any],
    stated: list[str],
    deterrent: list[str],
    min_stated_share: float | None,
    max_deterrent_share: float,
    param: list[str],
    phase: bool,
    out: str | None,
    progress: _Progress,
) -> Raw: ...
def raid(
    *,
    scenarios: _Scenarios,
    pk: float | None,
    doctrine: str | None,
    max_per_warhead: int | None,
    force: list[str],
    seed: int,
    trials: int,
    out: str | None,
    progress: _Progress,
) -> Raw: ...
def catalog(*, kind: str) -> Raw: ...
def list_scenarios() -> Raw: ...
def show_scenario(*, scenario: str | dict[str, Any]) -> str: ...
def export_scenario(*, name: str) -> str: ...
def scenario_toml(*, scenario: str | dict[str, Any]) -> str: ...

# Studies cut into parts (shieldsim.dask): the options are the keyword arguments of footprint, sweep and
# monte_carlo above (without out and progress). _plan returns the number of units of work (grid rows, sweep points,
# Monte Carlo evaluations), _part the units first..end as bytes, _merge the parts (every unit once, any order) as
# the whole study's Raw dict, writing out here.
def footprint_plan(**options: Any) -> int: ...
def footprint_part(*, first: int, end: int, **options: Any) -> bytes: ...
def footprint_merge(*, parts: list[bytes], out: str | None, progress: _Progress, **options: Any) -> Raw: ...
def sweep_plan(**options: Any) -> int: ...
def sweep_part(*, first: int, end: int, **options: Any) -> bytes: ...
def sweep_merge(*, parts: list[bytes], out: str | None, progress: _Progress, **options: Any) -> Raw: ...
def monte_carlo_plan(**options: Any) -> int: ...
def monte_carlo_part(*, first: int, end: int, **options: Any) -> bytes: ...
def monte_carlo_merge(*, parts: list[bytes], out: str | None, progress: _Progress, **options: Any) -> Raw: ...
