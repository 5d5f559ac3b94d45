"""shieldsim: ballistic-missile-defence kinematics for arms-control analysis, from Python.

Which ballistic-missile trajectories can a given missile defence engage? Every function here runs one job of the
``shieldsim`` command line, with the same options as keyword arguments (a flag ``--spacing-deg`` is the keyword
``spacing_deg``; ``--from`` is ``from_``), the same defaults and the same checks and messages:

- flights: :func:`ballistic`, :func:`trajectory`; one engagement: :func:`engage`;
- studies of scenarios: :func:`assess`, :func:`footprint`, :func:`sweep`, :func:`limits`, :func:`monte_carlo`,
  :func:`raid`;
- the catalogue: :func:`missiles`, :func:`interceptors`, :func:`radars`; the built-in scenarios:
  :func:`list_scenarios`, :func:`show_scenario`, :func:`export_scenario`, :func:`scenario_dict`.

Results. A job returns its document (the command line's ``--format json``) as a :class:`Document`, a ``dict`` that
also carries ``.text`` (the command line's table for people) and ``.files`` (the files written with ``out=``).
Studies add their tables as pandas DataFrames (``as_arrow=True``: pyarrow Tables), read through Arrow from Parquet:
:class:`AssessResult` (``corridors``, ``trajectories``), :class:`FootprintResult` (``grid``), :class:`SweepResult`
(``table``), :class:`MonteCarloResult` (``samples``). Each DataFrame's ``attrs["units"]`` maps a column to its
meaning and unit; column names end in their unit (``_s``, ``_km``, ``_deg``, ``_mps``).

Inputs. Points are ``"LAT,LON"`` text or ``(lat, lon)`` pairs in degrees (north, east). Scenarios are a built-in
name (:func:`list_scenarios`), a path to a TOML file, TOML text, or a dict of the TOML document (as
:func:`scenario_dict` gives one). On/off options take ``True``/``False`` (or ``"on"``/``"off"``).

Errors. Bad input raises ``ValueError`` with the command line's message (it names the flag); a wrong type raises
``TypeError``; a fault of shieldsim ``RuntimeError``. Work runs with the GIL released; Ctrl-C stops a long job
(``KeyboardInterrupt``), and ``progress=callable(done, total)`` reports how far it is. Same input, same output.

Scope: open literature, point-mass kinematics; "engageable" means kinematically reachable within the timeline, not
a kill probability.
"""

from __future__ import annotations

import json
import numbers
import os
import tomllib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union

from . import _shieldsim

if TYPE_CHECKING:
    import pandas
    import pyarrow

__version__: str = _shieldsim.VERSION

__all__ = [
    "AssessResult",
    "Document",
    "FootprintResult",
    "MonteCarloResult",
    "SweepResult",
    "assess",
    "ballistic",
    "catalog",
    "engage",
    "export_scenario",
    "footprint",
    "interceptors",
    "limits",
    "list_scenarios",
    "missiles",
    "monte_carlo",
    "radars",
    "raid",
    "scenario_dict",
    "scenario_toml",
    "show_scenario",
    "sweep",
    "sweep_parameters",
    "trajectory",
]

#: A point: ``"LAT,LON"`` in degrees, or a ``(lat, lon)`` pair of numbers in degrees (north, east).
Point = Union[str, Sequence[float]]
#: A scenario: a built-in name, a path to a TOML file, TOML text (a str with a line break), or the TOML document as
#: a dict.
Scenario = Union[str, "os.PathLike[str]", Mapping[str, Any]]
#: One scenario or several (``None``: every built-in scenario).
Scenarios = Union[Scenario, Sequence[Scenario], None]
#: A progress callback: called as ``progress(done, total)`` (units of work: trajectories, points, samples).
ProgressCallback = Callable[[int, int], object]
#: A table: a pandas DataFrame, or a pyarrow Table with ``as_arrow=True``.
Frame = Union["pandas.DataFrame", "pyarrow.Table"]
Switch = Union[bool, Literal["on", "off"]]
EarthShape = Literal["wgs84", "sphere"]
Gravity = Literal["j2", "point-mass"]
Shape = Literal["min-energy", "lofted", "depressed"]


# ---- results ----------------------------------------------------------------------------------------------------


class Document(dict):  # type: ignore[type-arg]
    """A job's result document: a ``dict`` (the command line's ``--format json``: snake_case keys with units in
    their names) that also carries the command line's text for people and the files the job wrote.

    Attributes:
        text: the result as the command line prints it (``print(result)`` shows it).
        files: the paths of the files written into ``out`` (empty without ``out``), sorted.
    """

    text: str
    files: list[str]

    def __init__(self, document: Mapping[str, Any], text: str, files: Sequence[str]) -> None:
        super().__init__(document)
        self.text = text
        self.files = list(files)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


class AssessResult(Document):
    """The result of :func:`assess`: the document (``results`` per corridor, ``scenarios``) and two tables.

    Attributes:
        corridors: one row per scenario and corridor: counts, shares (0 to 1) and the min/P10/P50/P90/max of the
            intercept window (s), the shots and the first-intercept altitude (km) over the engageable trajectories.
        trajectories: one row per trajectory: names, launch and aim points (degrees), outcome, verdict, window (s),
            shots, impact time (s), and the earliest and latest possible intercepts (time s, position degrees and
            km, interceptor launch time s, closing speed m/s, site).
    """

    corridors: Frame
    trajectories: Frame


class FootprintResult(Document):
    """The result of :func:`footprint`: the summary document and the grid.

    Attributes:
        grid: one row per grid point, as in grid.csv: engageable points first, then not engageable, out of
            range, failed and outside the region, each group row-major from the south-west cell (sort by
            ``["row", "col"]`` for the grid order): row, col, lat_deg, lon_deg (cell
            centre), status, engageable, window_s, shots, sites, earliest_intercept_s, earliest_intercept_alt_km,
            flight_time_s, range_km.
    """

    grid: Frame


class SweepResult(Document):
    """The result of :func:`sweep`: the document and the long table.

    Attributes:
        table: one row per scenario, swept value(s) and corridor: parameter_N (path), value_N (in the path's unit),
            nominal, counts, shares (0 to 1), window P10/P50/P90 (s), median shots and first-intercept altitude (km).
    """

    table: Frame


class MonteCarloResult(Document):
    """The result of :func:`monte_carlo`: the bands and tornado document and every sample.

    Attributes:
        samples: one row per scenario, sample and corridor: each parameter's path, value as evaluated and draw (in
            the path's unit), then engageable and evaluated counts, shares (0 to 1) and the median window (s).
    """

    samples: Frame


def _frame(parquet: bytes, as_arrow: bool) -> Frame:
    """A Parquet table from the extension as a DataFrame (``attrs["units"]``: column → meaning and unit), or as a
    pyarrow Table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pa.BufferReader(parquet))
    if as_arrow:
        return table
    frame = table.to_pandas()
    metadata = table.schema.metadata or {}
    prefix = b"shieldsim.column."
    frame.attrs["units"] = {
        k[len(prefix) :].decode(): v.decode() for k, v in metadata.items() if k.startswith(prefix)
    }
    return frame


_D = TypeVar("_D", bound=Document)


def _document(raw: Mapping[str, Any], cls: type[_D], as_arrow: bool = False) -> _D:
    result = cls(json.loads(raw["document"]), raw["text"], raw["files"])
    for name, parquet in raw["tables"].items():
        setattr(result, "table" if cls is SweepResult else name, _frame(parquet, as_arrow))
    return result


# ---- inputs -----------------------------------------------------------------------------------------------------


def _type(value: object) -> str:
    return type(value).__name__


def _text(value: object, flag: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{flag}: expected a str, got {_type(value)} {value!r}")
    return value


def _opt_text(value: object, flag: str) -> str | None:
    return None if value is None else _text(value, flag)


def _real(value: object, flag: str) -> float:
    """A number (int or float, numpy's too; not a bool) as a float; NaN passes, for the job to refuse by name."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{flag}: expected a number, got {_type(value)} {value!r}")
    return float(value)


def _opt_real(value: object, flag: str) -> float | None:
    return None if value is None else _real(value, flag)


def _int(value: object, flag: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{flag}: expected an int, got {_type(value)} {value!r}")
    return int(value)


def _opt_int(value: object, flag: str) -> int | None:
    return None if value is None else _int(value, flag)


def _bool(value: object, flag: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{flag}: expected True or False, got {_type(value)} {value!r}")
    return value


def _number(value: object, flag: str) -> str:
    """A number as the command line would read it (Python's repr: the shortest text that reads back exactly)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{flag}: expected a number, got {_type(value)} {value!r}")
    return repr(float(value)) if not isinstance(value, numbers.Integral) else str(int(value))


def _point(value: object, flag: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and len(value) == 2:
        return f"{_number(value[0], flag)},{_number(value[1], flag)}"
    raise TypeError(f"{flag}: expected 'LAT,LON' text or a (lat, lon) pair in degrees, got {_type(value)} {value!r}")


def _optional_point(value: object, flag: str) -> str | None:
    return None if value is None else _point(value, flag)


def _points(value: object, flag: str) -> list[str]:
    """One point or a list of points."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and len(value) == 2 and all(isinstance(v, numbers.Real) for v in value):
        return [_point(value, flag)]
    if isinstance(value, Sequence):
        return [_point(v, flag) for v in value]
    raise TypeError(f"{flag}: expected a point ('LAT,LON' or (lat, lon)) or a list of points, got {_type(value)}")


def _strings(value: object, flag: str) -> list[str]:
    """One string or a list of strings (each as the command line's repeated flag)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(f"{flag}: expected a str or a list of str, got {_type(value)} {value!r}")


def _pairs(value: object, flag: str, form: Callable[[str, object], str]) -> list[str]:
    """A str, a list of str, or a mapping turned into ``KEY=VALUE`` strings by ``form``."""
    if isinstance(value, Mapping):
        out = []
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"{flag}: keys must be str, got {_type(k)} {k!r}")
            out.append(form(k, v))
        return out
    return _strings(value, flag)


def _values(value: object, flag: str) -> str:
    """``FROM:TO:STEP`` text, or a sequence of numbers as ``V1,V2,...``."""
    if isinstance(value, str):
        return value
    if isinstance(value, (Sequence, range)) and not isinstance(value, (bytes, bytearray)):
        return ",".join(_number(v, flag) for v in value)
    try:  # numpy arrays and other iterables of numbers
        return ",".join(_number(v, flag) for v in value)  # type: ignore[attr-defined]
    except TypeError:
        raise TypeError(f"{flag}: expected 'FROM:TO:STEP' text or a sequence of numbers, got {_type(value)}") from None


def _switch(value: object, flag: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("on", "off"):
            return value == "on"
        raise ValueError(f"invalid value '{value}' for '{flag}' [possible values: on, off]")
    raise TypeError(f"{flag}: expected True/False (or 'on'/'off'), got {_type(value)} {value!r}")


def _scenario(value: object) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, Mapping) and not isinstance(value, dict):
        return dict(value)
    return value


def _scenarios(value: object) -> Any:
    if isinstance(value, (list, tuple)):
        return [_scenario(v) for v in value]
    return _scenario(value)


def _out(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    raise TypeError(f"--out: expected a folder path (str or os.PathLike), got {_type(value)}")


def _levels(value: object) -> str:
    return _values(value, "--levels-s")


def _region(value: object) -> str:
    """``global``, a box ``(S, W, N, E)`` in degrees, or a polygon as a list of ``(lat, lon)`` points."""
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and len(value) == 4 and all(isinstance(v, numbers.Real) for v in value):
        return ",".join(_number(v, "--region") for v in value)
    if isinstance(value, Sequence) and all(isinstance(v, (Sequence, str)) for v in value):
        return ";".join(_point(v, "--region") for v in value)
    raise TypeError(
        f"--region: expected 'global', a box (S, W, N, E) or a polygon [(lat, lon), ...] in degrees, got {_type(value)}"
    )


# ---- flights and one engagement ---------------------------------------------------------------------------------


def ballistic(
    *,
    lat: float,
    lon: float,
    alt_km: float,
    speed_mps: float,
    azimuth_deg: float,
    flight_path_deg: float,
    earth: EarthShape = "wgs84",
    rotation: Switch = True,
    gravity: Gravity = "j2",
    drag: Switch = False,
    beta_kg_m2: float | None = None,
    samples: int = 50,
    rtol: float = 1e-10,
) -> Document:
    """Propagates a given state to impact (``shieldsim ballistic``).

    Args:
        lat: geodetic latitude of the initial point, degrees north.
        lon: longitude of the initial point, degrees east.
        alt_km: height above the ellipsoid (or sphere), km.
        speed_mps: speed relative to the rotating Earth, m/s.
        azimuth_deg: direction of the velocity, degrees clockwise from north.
        flight_path_deg: angle of the velocity above the local horizontal, degrees, in (-90, 90].
        earth: ``"wgs84"`` (ellipsoid) or ``"sphere"`` (radius 6371 km).
        rotation: Earth rotation on or off.
        gravity: ``"j2"`` (point mass plus J2) or ``"point-mass"``.
        drag: atmospheric drag on the body (needs ``beta_kg_m2``).
        beta_kg_m2: ballistic coefficient m/(Cd·A), kg/m², used with ``drag=True``.
        samples: number of evenly spaced samples of the path, start to impact (0 for none).
        rtol: relative tolerance of the integrator.

    Returns:
        The document: ``impact`` (lat_deg, lon_deg), ``flight_time_s``, ``ground_range_km``, ``apogee_alt_km``,
        ``apogee_time_s``, ``impact_speed_mps``, ``impact_angle_deg``, ``model`` and ``samples`` (t_s, lat_deg,
        lon_deg, alt_km, speed_mps).
    """
    return _document(
        _shieldsim.ballistic(
            lat=_real(lat, "--lat"),
            lon=_real(lon, "--lon"),
            alt_km=_real(alt_km, "--alt-km"),
            speed_mps=_real(speed_mps, "--speed-mps"),
            azimuth_deg=_real(azimuth_deg, "--azimuth-deg"),
            flight_path_deg=_real(flight_path_deg, "--flight-path-deg"),
            earth_shape=_text(earth, "--earth"),
            rotation=_switch(rotation, "--rotation"),
            gravity=_text(gravity, "--gravity"),
            drag=_switch(drag, "--drag"),
            beta_kg_m2=_opt_real(beta_kg_m2, "--beta-kg-m2"),
            samples=_int(samples, "--samples"),
            rtol=_real(rtol, "--rtol"),
        ),
        Document,
    )


def trajectory(
    *,
    from_: Point,
    to: Point,
    missile: str,
    shape: Shape = "min-energy",
    apogee_km: float | None = None,
    burnout_flight_path_deg: float | None = None,
    earth: EarthShape = "wgs84",
    rotation: Switch = True,
    gravity: Gravity = "j2",
    drag: Switch = True,
    samples: int = 50,
) -> Document:
    """Flies a catalogue missile from a launch point to an aim point, solving the boost that hits it
    (``shieldsim trajectory``).

    Args:
        from_: launch point, ``"LAT,LON"`` or ``(lat, lon)`` in degrees (the command line's ``--from``).
        to: aim point, ``"LAT,LON"`` or ``(lat, lon)`` in degrees.
        missile: missile id from the catalogue (:func:`missiles`).
        shape: ``"min-energy"`` (least burn-out energy), ``"lofted"`` or ``"depressed"``.
        apogee_km: apogee of a lofted or depressed trajectory, km.
        burnout_flight_path_deg: burn-out flight-path angle of a lofted or depressed trajectory, degrees.
        earth: ``"wgs84"`` or ``"sphere"``.
        rotation: Earth rotation on or off.
        gravity: ``"j2"`` or ``"point-mass"``.
        drag: atmospheric drag during boost and re-entry.
        samples: number of evenly spaced samples of the path, lift-off to impact (0 for none).

    Returns:
        The document: ``missile``, ``shape``, ``launch``, ``aim``, ``impact`` (degrees), ``flight_time_s``,
        ``ground_range_km``, ``apogee_alt_km``, ``miss_km``, ``burnout`` (time_s, position, speed_mps, angles in
        degrees), ``controls``, ``model`` and ``samples``.
    """
    return _document(
        _shieldsim.trajectory(
            from_=_point(from_, "--from"),
            to=_point(to, "--to"),
            missile=_text(missile, "--missile"),
            shape_name=_text(shape, "--shape"),
            apogee_km=_opt_real(apogee_km, "--apogee-km"),
            burnout_flight_path_deg=_opt_real(burnout_flight_path_deg, "--burnout-flight-path-deg"),
            earth_shape=_text(earth, "--earth"),
            rotation=_switch(rotation, "--rotation"),
            gravity=_text(gravity, "--gravity"),
            drag=_switch(drag, "--drag"),
            samples=_int(samples, "--samples"),
        ),
        Document,
    )


def engage(
    *,
    threat_from: Point,
    threat_to: Point,
    missile: str,
    interceptor: str,
    site: Point | Sequence[Point],
    radar: str | Sequence[str] = (),
    early_warning: Switch = True,
    early_warning_delay_s: float | None = None,
    decision_delay_s: float = 30.0,
    radar_role: str | Sequence[str] | Mapping[str, str] = (),
    link: str | Sequence[str] = (),
    launch_rule: str = "track",
    launch_time_s: float | None = None,
    booster_rcs_m2: float | None = None,
    rv_rcs_m2: float | None = None,
    shape: Shape = "min-energy",
    apogee_km: float | None = None,
    burnout_flight_path_deg: float | None = None,
    earth: EarthShape = "wgs84",
    rotation: Switch = True,
    gravity: Gravity = "j2",
    drag: Switch = True,
    out: str | os.PathLike[str] | None = None,
) -> Document:
    """Can a defence engage one threat trajectory? Detection, track, launch, intercept window and shots
    (``shieldsim engage``). Times are seconds after the threat's launch.

    Args:
        threat_from: threat launch point, ``"LAT,LON"`` or ``(lat, lon)`` in degrees.
        threat_to: threat aim point, degrees.
        missile: threat missile id (:func:`missiles`).
        interceptor: interceptor id (:func:`interceptors`), fielded at every site.
        site: interceptor site(s): a point or a list of points, degrees.
        radar: radar(s) as ``"ID@LAT,LON"`` or ``"ID@LAT,LON,BORESIGHT_AZIMUTH_DEG"`` (:func:`radars`); the default
            boresight faces the threat's launch point.
        early_warning: space-based early warning (cues the radars while the threat boosts).
        early_warning_delay_s: time from threat lift-off to the early-warning cue, s (default: a generic 60;
            only with early warning).
        decision_delay_s: time from a fire-control track to the launch decision, s.
        radar_role: ``"NAME=ROLE"`` strings or a dict ``{name: role}``, role ``cue``, ``commit`` or
            ``fire-control`` (default: the catalogue's fire-control flag).
        link: link(s) letting remote radars commit launches: ``KIND``, ``KIND:RADAR,RADAR`` or
            ``KIND:RADAR,RADAR:SITE,SITE``, kind ``engage-on-remote`` or ``launch-on-remote``.
        launch_rule: ``track``, ``own-track``, ``space-cue``, ``after-threat-launch`` or ``after-burnout``.
        launch_time_s: launch time of the after-threat-launch and after-burnout rules, s.
        booster_rcs_m2: radar cross-section of the boosting missile, m² (default: the catalogue's).
        rv_rcs_m2: radar cross-section of the re-entry vehicle, m² (default: the catalogue's).
        shape, apogee_km, burnout_flight_path_deg: the threat's trajectory shape (see :func:`trajectory`).
        earth, rotation, gravity, drag: the Earth model and the threat's drag (see :func:`trajectory`).
        out: also write engagement.json and figures (map, profile, timeline; PNG and SVG) into this folder.

    Returns:
        The document (``shieldsim engage --format json``): the threat, each site's timeline, window and shots.
    """
    return _document(
        _shieldsim.engage(
            threat_from=_point(threat_from, "--threat-from"),
            threat_to=_point(threat_to, "--threat-to"),
            missile=_text(missile, "--missile"),
            interceptor=_text(interceptor, "--interceptor"),
            site=_points(site, "--site"),
            radar=_strings(radar, "--radar"),
            early_warning=_switch(early_warning, "--early-warning"),
            early_warning_delay_s=_opt_real(early_warning_delay_s, "--early-warning-delay-s"),
            decision_delay_s=_real(decision_delay_s, "--decision-delay-s"),
            radar_role=_pairs(radar_role, "--radar-role", lambda k, v: f"{k}={v}"),
            link=_strings(link, "--link"),
            launch_rule=_text(launch_rule, "--launch-rule"),
            launch_time_s=_opt_real(launch_time_s, "--launch-time-s"),
            booster_rcs_m2=_opt_real(booster_rcs_m2, "--booster-rcs-m2"),
            rv_rcs_m2=_opt_real(rv_rcs_m2, "--rv-rcs-m2"),
            shape_name=_text(shape, "--shape"),
            apogee_km=_opt_real(apogee_km, "--apogee-km"),
            burnout_flight_path_deg=_opt_real(burnout_flight_path_deg, "--burnout-flight-path-deg"),
            earth_shape=_text(earth, "--earth"),
            rotation=_switch(rotation, "--rotation"),
            gravity=_text(gravity, "--gravity"),
            drag=_switch(drag, "--drag"),
            out=_out(out),
        ),
        Document,
    )


# ---- studies ----------------------------------------------------------------------------------------------------


def assess(
    scenarios: Scenarios = None,
    *,
    out: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
    as_arrow: bool = False,
) -> AssessResult:
    """Which trajectories can each defence engage? Every corridor of every scenario (``shieldsim assess``).

    Args:
        scenarios: one scenario or a list (built-in names, paths, TOML text or dicts); ``None``: every built-in one.
        out: also write assessment.json, corridors.csv, trajectories.geojson/.kml/.czml, maps and report.html here.
        progress: called as ``progress(done, total)`` in trajectories.
        as_arrow: tables as pyarrow Tables instead of pandas DataFrames.

    Returns:
        An :class:`AssessResult`: the document (``results``: one entry per scenario and corridor with counts,
        ``engageable_share`` 0 to 1 and spreads of ``window_*_s``, ``shots_*``, ``first_intercept_alt_*_km``;
        ``scenarios``), and the tables ``corridors`` and ``trajectories``.
    """
    return _document(
        _shieldsim.assess(scenarios=_scenarios(scenarios), out=_out(out), progress=progress),
        AssessResult,
        as_arrow,
    )


def monte_carlo(
    scenarios: Scenarios = None,
    *,
    samples: int,
    seed: int = 1,
    uncertain: str | Sequence[str] | Mapping[str, str] = (),
    out: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
    as_arrow: bool = False,
) -> MonteCarloResult:
    """A Monte Carlo study of the assessment (``shieldsim assess --monte-carlo N``): P5/P50/P95 bands of every
    share over ``samples`` draws of the uncertain parameters, and a tornado of what moves them.

    Args:
        scenarios: one scenario or a list; ``None``: every built-in one.
        samples: the number of samples N, 1 to 100000 (the command line's ``--monte-carlo N``).
        seed: seed of the draws (same seed, same results, whatever the number of threads).
        uncertain: ``"PATH=uniform:MIN:MAX"``, ``"PATH=triangular:MIN:MODE:MAX"`` or
            ``"PATH=normal:MEAN:SD[:MIN:MAX]"`` strings, or a dict ``{path: distribution}``, in the unit of the
            path's suffix (adds to the scenario files' ``[[uncertainty]]`` tables, or replaces the one of that path).
        out: also write montecarlo.json, montecarlo-samples.csv/.parquet, the tornado and report.html here.
        progress: called as ``progress(done, total)``.
        as_arrow: tables as pyarrow Tables.

    Returns:
        A :class:`MonteCarloResult` (document and the ``samples`` table).
    """
    return _document(
        _shieldsim.monte_carlo(
            out=_out(out), progress=progress, **_monte_carlo_options(scenarios, samples, seed, uncertain)
        ),
        MonteCarloResult,
        as_arrow,
    )


def _monte_carlo_options(
    scenarios: Scenarios, samples: int, seed: int, uncertain: str | Sequence[str] | Mapping[str, str]
) -> dict[str, Any]:
    """:func:`monte_carlo`'s options as the extension's keyword arguments (checked types)."""
    return dict(
        scenarios=_scenarios(scenarios),
        samples=_int(samples, "--monte-carlo"),
        seed=_int(seed, "--seed"),
        uncertain=_pairs(uncertain, "--uncertain", lambda k, v: f"{k}={v}"),
    )


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
    progress: ProgressCallback | None = None,
    as_arrow: bool = False,
) -> FootprintResult:
    """Where can a defence engage? One threat flown to every point of a latitude/longitude grid (or, with
    ``reverse=True``, from every point to one aim) against the scenario's architecture (``shieldsim footprint``).

    Args:
        scenario: the scenario whose architecture defends (a built-in name, a path, TOML text or a dict).
        launch: threat launch point, degrees (default: the scenario's first corridor's first launch point); with
            ``reverse`` only marked on the map.
        reverse: map launch points instead of aim points (the aim is fixed by ``aim``).
        aim: the fixed aim point of ``reverse``, degrees.
        missile: threat missile id (default: the first missile of the scenario's first corridor).
        shape, apogee_km, burnout_flight_path_deg: the threat's trajectory shape (see :func:`trajectory`).
        region: ``"global"``, a box ``(S, W, N, E)`` or ``"S,W,N,E"`` in degrees (W > E crosses the antimeridian),
            or a polygon ``[(lat, lon), ...]`` / ``"LAT,LON;LAT,LON;..."``.
        spacing_deg: grid spacing, degrees (grid points are cell centres).
        levels_s: intercept-window levels of the footprint polygons, s, ascending (0 = engageable at all).
        out: also write footprint.json, grid.csv/.parquet, footprint.geojson/.kml and map.png/.svg here.
        progress: called as ``progress(done, total)`` in grid points.
        as_arrow: the grid as a pyarrow Table.

    Returns:
        A :class:`FootprintResult`: the summary (points evaluated, engageable, ``engageable_share`` 0 to 1, median
        and maximum window in s, points per site) and the ``grid`` table.
    """
    return _document(
        _shieldsim.footprint(
            out=_out(out),
            progress=progress,
            **_footprint_options(
                scenario, launch, reverse, aim, missile, shape, apogee_km, burnout_flight_path_deg, region,
                spacing_deg, levels_s,
            ),
        ),
        FootprintResult,
        as_arrow,
    )


def _footprint_options(
    scenario: Scenario,
    launch: Point | None,
    reverse: bool,
    aim: Point | None,
    missile: str | None,
    shape: Shape,
    apogee_km: float | None,
    burnout_flight_path_deg: float | None,
    region: str | Sequence[float] | Sequence[Point],
    spacing_deg: float,
    levels_s: str | Sequence[float],
) -> dict[str, Any]:
    """:func:`footprint`'s options as the extension's keyword arguments (checked types)."""
    return dict(
        scenario=_scenario(scenario),
        launch=_optional_point(launch, "--launch"),
        reverse=_bool(reverse, "--reverse"),
        aim=_optional_point(aim, "--aim"),
        missile=_opt_text(missile, "--missile"),
        shape_name=_text(shape, "--shape"),
        apogee_km=_opt_real(apogee_km, "--apogee-km"),
        burnout_flight_path_deg=_opt_real(burnout_flight_path_deg, "--burnout-flight-path-deg"),
        region=_region(region),
        spacing_deg=_real(spacing_deg, "--spacing-deg"),
        levels_s=_levels(levels_s),
    )


def sweep(
    scenarios: Scenarios = None,
    *,
    vary: str | Sequence[str] | Mapping[str, str | Sequence[float]],
    out: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
    as_arrow: bool = False,
) -> SweepResult:
    """How do the verdicts move with one parameter (a line) or two (a grid)? Every trajectory flown once and
    re-engaged at each value (``shieldsim sweep``).

    Args:
        scenarios: one scenario or a list; ``None``: every built-in scenario that has the parameters.
        vary: ``"PATH=FROM:TO:STEP"`` or ``"PATH=V1,V2,..."`` (one for a line, two for a grid), or a dict
            ``{path: "FROM:TO:STEP" or [v1, v2, ...]}``; values in the unit of the path's suffix
            (:func:`sweep_parameters` lists the paths).
        out: also write sweep.json, sweep.csv/.parquet, figures and report.html here.
        progress: called as ``progress(done, total)``.
        as_arrow: the table as a pyarrow Table.

    Returns:
        A :class:`SweepResult` (document and the long ``table``).
    """
    return _document(
        _shieldsim.sweep(out=_out(out), progress=progress, **_sweep_options(scenarios, vary)),
        SweepResult,
        as_arrow,
    )


def _sweep_options(scenarios: Scenarios, vary: str | Sequence[str] | Mapping[str, str | Sequence[float]]) -> dict[str, Any]:
    """:func:`sweep`'s options as the extension's keyword arguments (checked types)."""
    return dict(
        scenarios=_scenarios(scenarios),
        vary=_pairs(vary, "--vary", lambda k, v: f"{k}={_values(v, '--vary')}"),
    )


def sweep_parameters(scenarios: Scenarios = None, *, as_arrow: bool = False) -> Frame:
    """The parameter paths a sweep can vary (``shieldsim sweep --list``): one row per scenario and path, with the
    path's unit and the scenario's value in it.

    Args:
        scenarios: one scenario or a list; ``None``: every built-in one.
        as_arrow: a pyarrow Table instead of a pandas DataFrame.
    """
    rows = json.loads(_shieldsim.sweep_parameters(scenarios=_scenarios(scenarios)))
    return _records(rows, ["scenario", "path", "unit", "value"], as_arrow)


def limits(
    scenario: Scenario,
    *,
    stated: str | Sequence[str],
    deterrent: str | Sequence[str],
    min_stated_share: float | None = None,
    max_deterrent_share: float = 0.0,
    param: str | Sequence[str] | Mapping[str, Sequence[float]] = (),
    phase: bool = False,
    out: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> Document:
    """Under which verifiable limits does a defence cover its stated threat and engage none of a deterrent's
    trajectories? Flip points per parameter, with a witness trajectory (``shieldsim limits``).

    Args:
        scenario: a built-in name, a path, TOML text or a dict.
        stated: the stated-threat corridors (a list, or comma-separated text).
        deterrent: the deterrent's corridors (a list, or comma-separated text).
        min_stated_share: lowest acceptable stated share, 0 to 1 (default: the scenario's own stated share).
        max_deterrent_share: highest acceptable deterrent share, 0 to 1.
        param: ``"PATH=FROM:TO"`` strings or a dict ``{path: (from, to)}``: search these parameters over these
            ranges (in the unit of the path's suffix) instead of the default ones.
        phase: also map the first two parameters together on a 7 x 7 grid (a phase diagram).
        out: also write limits.json, limits-curves.csv, figures and report.html here.
        progress: called as ``progress(done, total)``.

    Returns:
        The document (``shieldsim limits --format json``).
    """

    def corridors(value: object, flag: str) -> list[str]:
        return [c for s in _strings(value, flag) for c in s.split(",")]

    def param_text(path: str, bounds: object) -> str:
        if isinstance(bounds, str):
            return f"{path}={bounds}"
        if isinstance(bounds, Sequence) and len(bounds) == 2:
            return f"{path}={_number(bounds[0], '--param')}:{_number(bounds[1], '--param')}"
        raise TypeError(f"--param: expected (from, to) for {path}, got {_type(bounds)} {bounds!r}")

    return _document(
        _shieldsim.limits(
            scenario=_scenario(scenario),
            stated=corridors(stated, "--stated"),
            deterrent=corridors(deterrent, "--deterrent"),
            min_stated_share=_opt_real(min_stated_share, "--min-stated-share"),
            max_deterrent_share=_real(max_deterrent_share, "--max-deterrent-share"),
            param=_pairs(param, "--param", param_text),
            phase=_bool(phase, "--phase"),
            out=_out(out),
            progress=progress,
        ),
        Document,
    )


def raid(
    scenarios: Scenarios = None,
    *,
    pk: float | None = None,
    doctrine: str | None = None,
    max_per_warhead: int | None = None,
    force: str | Sequence[str] | Mapping[str, int] = (),
    seed: int = 1,
    trials: int = 10_000,
    out: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> Document:
    """How much of a declared NOTIONAL force could each defence put at risk and intercept? A generic kill
    probability, a shot doctrine and the sites' inventories over the assessment (``shieldsim raid``; no attack
    planning).

    Args:
        scenarios: one scenario or a list; ``None``: every built-in one.
        pk: single-shot kill probability of every interceptor, in (0, 1] (a generic assumption; default: the
            scenario's ``[raid] pk_per_shot``, else 0.5).
        doctrine: ``"sls"`` (shoot-look-shoot), ``"salvo:K"`` or ``"salvo:K,sls"`` (default: the scenario's, else
            sls).
        max_per_warhead: most interceptors fired at one warhead (default: the scenario's, else no cap).
        force: ``"CORRIDOR=WARHEADS"`` strings or a dict ``{corridor: warheads}`` (default: the scenario's
            ``[[force]]``, else 1537 warheads on russia-us, a notional upper bound).
        seed: seed of the Monte Carlo used where a site can run short.
        trials: Monte-Carlo trials.
        out: also write raid.json, raid.csv and report.html here.
        progress: called as ``progress(done, total)``.

    Returns:
        The document (``shieldsim raid --format json``).
    """
    return _document(
        _shieldsim.raid(
            scenarios=_scenarios(scenarios),
            pk=_opt_real(pk, "--pk"),
            doctrine=_opt_text(doctrine, "--doctrine"),
            max_per_warhead=_opt_int(max_per_warhead, "--max-per-warhead"),
            force=_pairs(force, "--force", lambda k, v: f"{k}={_number(v, '--force')}"),
            seed=_int(seed, "--seed"),
            trials=_int(trials, "--trials"),
            out=_out(out),
            progress=progress,
        ),
        Document,
    )


# ---- the catalogue and the scenarios ----------------------------------------------------------------------------


#: The catalogues' columns in their row structs' order (the JSON's object keys come sorted); a field not listed is
#: still a column, after these.
_CATALOG_COLUMNS = {
    "missiles": [
        "id", "name", "class", "propellant", "stages", "launch_mass_kg", "payload_mass_kg", "burnout_speed_mps",
        "burnout_time_s", "max_range_km", "published_max_range_km", "range_error_pct", "sources",
    ],
    "interceptors": [
        "id", "name", "class", "stages", "launch_mass_kg", "kill_vehicle_mass_kg", "burnout_speed_mps",
        "published_burnout_speed_mps", "burnout_speed_error_pct", "published_burnout_speed_source",
        "max_flight_time_s", "min_intercept_altitude_km", "max_intercept_altitude_km", "readiness_delay_s",
        "kill_assessment_delay_s", "min_closing_speed_mps", "min_crossing_angle_deg", "max_range_km",
        "max_altitude_km", "sources",
    ],
    "radars": [
        "id", "name", "band", "max_range_km", "reference_rcs_m2", "min_elevation_deg", "max_elevation_deg",
        "half_width_deg", "track_time_s", "fire_control", "uncued_range_fraction", "generic", "sources",
    ],
}


def _records(rows: list[dict[str, Any]], first: Sequence[str], as_arrow: bool) -> Frame:
    """JSON records as an Arrow table (lists of text joined with ``"; "``), columns ``first`` first."""
    import pyarrow as pa

    names = [n for n in first if any(n in r for r in rows)]
    names += [n for r in rows for n in r if n not in names]
    names = list(dict.fromkeys(names))
    columns = {}
    for n in names:
        values = [r.get(n) for r in rows]
        columns[n] = ["; ".join(v) if isinstance(v, list) else v for v in values]
    table = pa.table(columns)
    return table if as_arrow else table.to_pandas()


def catalog(kind: Literal["missiles", "interceptors", "radars"], *, as_arrow: bool = False) -> Frame:
    """The built-in catalogue of ``kind`` as a table, one row per entry (``shieldsim catalog KIND --format json``;
    lists such as ``sources`` are joined with ``"; "``)."""
    if not isinstance(kind, str):
        raise TypeError(f"<KIND>: expected 'missiles', 'interceptors' or 'radars', got {_type(kind)}")
    raw = _shieldsim.catalog(kind=kind)
    return _records(json.loads(raw["document"])[kind], _CATALOG_COLUMNS[kind], as_arrow)


def missiles(*, as_arrow: bool = False) -> Frame:
    """The missile catalogue: id, name, class, propellant, stages, launch_mass_kg, payload_mass_kg,
    burnout_speed_mps and burnout_time_s (computed), max_range_km (computed) against published_max_range_km,
    range_error_pct, sources."""
    return catalog("missiles", as_arrow=as_arrow)


def interceptors(*, as_arrow: bool = False) -> Frame:
    """The interceptor catalogue: masses (kg), computed and published burn-out speeds (m/s), maximum flight time
    (s), intercept altitude band (km), delays (s), kill-vehicle limits (m/s, degrees), reach (km), sources."""
    return catalog("interceptors", as_arrow=as_arrow)


def radars(*, as_arrow: bool = False) -> Frame:
    """The radar catalogue: band, max_range_km at reference_rcs_m2, elevation limits and half-width (degrees),
    track_time_s, fire_control, uncued_range_fraction, generic keys, sources."""
    return catalog("radars", as_arrow=as_arrow)


def list_scenarios(*, as_arrow: bool = False) -> Frame:
    """The built-in scenarios: name, title, corridors, trajectories, sites, radars (``shieldsim scenarios list``;
    lists joined with ``"; "``). ``attrs["text"]`` holds the command line's table."""
    raw = _shieldsim.list_scenarios()
    rows = json.loads(raw["document"])["scenarios"]
    if as_arrow:
        return _records(rows, [], True)
    frame = _records(rows, [], False)
    frame.attrs["text"] = raw["text"]  # type: ignore[union-attr]
    return frame


def show_scenario(scenario: Scenario) -> str:
    """A scenario described as text: model, rules, radars, sites, corridors, uncertain parameters and sources
    (``shieldsim scenarios show``). The scenario is checked on the way (a bad one raises ``ValueError``)."""
    result: str = _shieldsim.show_scenario(scenario=_scenario(scenario))
    return result


def export_scenario(name: str) -> str:
    """A built-in scenario's TOML text, exactly as embedded (``shieldsim scenarios export``): a file to start from."""
    if not isinstance(name, str):
        raise TypeError(f"<NAME>: expected a built-in scenario name (str), got {_type(name)}")
    result: str = _shieldsim.export_scenario(name=name)
    return result


def scenario_dict(name: str) -> dict[str, Any]:
    """A built-in scenario as a dict (its TOML read by ``tomllib``): edit it and pass it to any job."""
    return tomllib.loads(export_scenario(name))


def scenario_toml(scenario: Scenario) -> str:
    """The TOML text a scenario dict (or text, or built-in name) becomes: what the jobs read."""
    result: str = _shieldsim.scenario_toml(scenario=_scenario(scenario))
    return result
