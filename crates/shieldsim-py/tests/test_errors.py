"""Bad input: ValueError with the command line's message (compared with the CLI's own for the same input), TypeError
for a wrong type, never a crash; the interpreter goes on working afterwards."""

from __future__ import annotations

import math
import pathlib

import pytest

import shieldsim

NAN = math.nan
TRAJ = dict(from_=(35.23, 53.92), to=(33.31, 44.37), missile="shahab-3")
TRAJ_CLI = ["trajectory", "--from", "35.23,53.92", "--to", "33.31,44.37", "--missile", "shahab-3"]
BALL = dict(lat=35.0, lon=53.0, alt_km=0.0, speed_mps=3000.0, azimuth_deg=300.0, flight_path_deg=45.0)
BALL_CLI = ["ballistic", "--lat", "35", "--lon", "53", "--alt-km", "0", "--speed-mps", "3000", "--azimuth-deg", "300",
            "--flight-path-deg", "45"]
ENG = dict(threat_from="38.07,46.30", threat_to="52.52,13.40", missile="irbm-solid", interceptor="sm3-ib",
           site="44.08,24.38")
ENG_CLI = ["engage", "--threat-from", "38.07,46.30", "--threat-to", "52.52,13.40", "--missile", "irbm-solid",
           "--interceptor", "sm3-ib", "--site", "44.08,24.38"]


def with_(base: dict, **changes) -> dict:
    return {**base, **changes}


# (python call, the CLI's arguments for the same input); {small} is the small scenario's path.
SAME_MESSAGE = [
    (lambda s: shieldsim.trajectory(**with_(TRAJ, from_="abc")), ["trajectory", "--from", "abc", "--to", "1,2", "--missile", "shahab-3"]),
    (lambda s: shieldsim.trajectory(**with_(TRAJ, from_=(NAN, 13.4))), ["trajectory", "--from", "nan,13.4", "--to", "33.31,44.37", "--missile", "shahab-3"]),
    (lambda s: shieldsim.trajectory(**with_(TRAJ, to=(95, 13.4))), ["trajectory", "--from", "35.23,53.92", "--to", "95,13.4", "--missile", "shahab-3"]),
    (lambda s: shieldsim.trajectory(**with_(TRAJ, missile="shahab-4")), TRAJ_CLI[:-1] + ["shahab-4"]),
    (lambda s: shieldsim.trajectory(**with_(TRAJ, to=(52.52, 13.40))), TRAJ_CLI[:4] + ["52.52,13.4"] + TRAJ_CLI[5:]),
    (lambda s: shieldsim.trajectory(**TRAJ, apogee_km=300.0), TRAJ_CLI + ["--apogee-km", "300"]),
    (lambda s: shieldsim.trajectory(**TRAJ, shape="lofted", apogee_km=NAN), TRAJ_CLI + ["--shape", "lofted", "--apogee-km", "NaN"]),
    (lambda s: shieldsim.trajectory(**TRAJ, samples=1_000_000), TRAJ_CLI + ["--samples", "1000000"]),
    (lambda s: shieldsim.ballistic(**with_(BALL, lat=NAN)), ["ballistic", "--lat", "NaN"] + BALL_CLI[3:]),
    (lambda s: shieldsim.ballistic(**with_(BALL, speed_mps=-1.0)), BALL_CLI[:8] + ["-1"] + BALL_CLI[9:]),
    (lambda s: shieldsim.ballistic(**BALL, rtol=NAN), BALL_CLI + ["--rtol", "NaN"]),
    (lambda s: shieldsim.ballistic(**BALL, drag=True), BALL_CLI + ["--drag", "on"]),
    (lambda s: shieldsim.engage(**ENG, decision_delay_s=NAN), ENG_CLI + ["--decision-delay-s", "NaN"]),
    (lambda s: shieldsim.engage(**with_(ENG, interceptor="sm3-ic")), ENG_CLI[:8] + ["sm3-ic"] + ENG_CLI[9:]),
    (lambda s: shieldsim.engage(**ENG, radar="nope@1,2"), ENG_CLI + ["--radar", "nope@1,2"]),
    (lambda s: shieldsim.engage(**ENG, launch_rule="sometimes"), ENG_CLI + ["--launch-rule", "sometimes"]),
    (lambda s: shieldsim.engage(**ENG, rv_rcs_m2=0.0), ENG_CLI + ["--rv-rcs-m2", "0"]),
    (lambda s: shieldsim.assess("epaa-phase2-2051"), ["assess", "epaa-phase2-2051"]),
    (lambda s: shieldsim.assess([s, "no/such/file.toml"]), ["assess", "{small}", "no/such/file.toml"]),
    (lambda s: shieldsim.footprint(s, spacing_deg=NAN), ["footprint", "{small}", "--spacing-deg", "NaN"]),
    (lambda s: shieldsim.footprint(s, spacing_deg=0.0), ["footprint", "{small}", "--spacing-deg", "0"]),
    (lambda s: shieldsim.footprint(s, region="the moon"), ["footprint", "{small}", "--region", "the moon"]),
    (lambda s: shieldsim.footprint(s, region=(30, 26, 95, 50)), ["footprint", "{small}", "--region", "30,26,95,50"]),
    (lambda s: shieldsim.footprint(s, levels_s=[60, 0]), ["footprint", "{small}", "--levels-s", "60,0"]),
    (lambda s: shieldsim.footprint(s, aim=(1, 2)), ["footprint", "{small}", "--aim", "1,2"]),
    (lambda s: shieldsim.footprint(s, reverse=True), ["footprint", "{small}", "--reverse"]),
    (lambda s: shieldsim.footprint(s, missile="sm3-ib"), ["footprint", "{small}", "--missile", "sm3-ib"]),
    (lambda s: shieldsim.sweep(s, vary="rules.decision_delay=0:10:1"), ["sweep", "{small}", "--vary", "rules.decision_delay=0:10:1"]),
    (lambda s: shieldsim.sweep(s, vary={"rules.decision_delay_s": [NAN]}), ["sweep", "{small}", "--vary", "rules.decision_delay_s=nan"]),
    (lambda s: shieldsim.sweep(s, vary=[]), ["sweep", "{small}"]),
    (lambda s: shieldsim.monte_carlo(s, samples=0), ["assess", "{small}", "--monte-carlo", "0"]),
    (lambda s: shieldsim.monte_carlo(s, samples=5, uncertain="rules.decision_delay_s=uniform:9:1"), ["assess", "{small}", "--monte-carlo", "5", "--uncertain", "rules.decision_delay_s=uniform:9:1"]),
    (lambda s: shieldsim.limits(s, stated="west", deterrent="south"), ["limits", "{small}", "--stated", "west", "--deterrent", "south"]),
    (lambda s: shieldsim.limits(s, stated="west", deterrent="north", max_deterrent_share=NAN), ["limits", "{small}", "--stated", "west", "--deterrent", "north", "--max-deterrent-share", "NaN"]),
    (lambda s: shieldsim.raid(s, pk=1.5), ["raid", "{small}", "--pk", "1.5"]),
    (lambda s: shieldsim.raid(s, pk=NAN), ["raid", "{small}", "--pk", "NaN"]),
    (lambda s: shieldsim.raid(s, doctrine="salvo:0"), ["raid", "{small}", "--doctrine", "salvo:0"]),
    (lambda s: shieldsim.raid(s, force={"nowhere": 5}), ["raid", "{small}", "--force", "nowhere=5"]),
    (lambda s: shieldsim.show_scenario("third-site-2008"), ["scenarios", "show", "third-site-2008"]),
    (lambda s: shieldsim.export_scenario("third-site-2008"), ["scenarios", "export", "third-site-2008"]),
]


@pytest.mark.parametrize("call, cli_args", SAME_MESSAGE)
def test_bad_input_raises_value_error_with_the_cli_message(call, cli_args, small_path: str, shieldsim_cli) -> None:
    with pytest.raises(ValueError) as raised:
        call(small_path)
    expected = shieldsim_cli.error(*[a.replace("{small}", small_path) for a in cli_args])
    assert str(raised.value) == expected


def test_scenario_text_errors_name_line_and_column(small_toml: str) -> None:
    broken = small_toml.replace("decision_delay_s = 30.0", "decision_delay_s = 'soon'")
    with pytest.raises(ValueError, match=r"(?s)<scenario text>:\d+:\d+"):
        shieldsim.assess(broken)
    with pytest.raises(ValueError, match="unknown scenario `not a scenario`"):
        shieldsim.assess("not a scenario")


TYPE_ERRORS = [
    (lambda: shieldsim.trajectory(**with_(TRAJ, missile=3)), "--missile: expected a str, got int 3"),
    (lambda: shieldsim.trajectory(**with_(TRAJ, from_=object())), "--from: expected 'LAT,LON' text or a (lat, lon) pair"),
    (lambda: shieldsim.trajectory(**with_(TRAJ, from_=(1, "2"))), "--from: expected a number, got str '2'"),
    (lambda: shieldsim.trajectory(**TRAJ, samples=2.5), "--samples: expected an int, got float 2.5"),
    (lambda: shieldsim.trajectory(**TRAJ, drag=1), "--drag: expected True/False"),
    (lambda: shieldsim.trajectory(**TRAJ, apogee_km="high"), "--apogee-km: expected a number, got str"),
    (lambda: shieldsim.ballistic(**with_(BALL, lat="35")), "--lat: expected a number, got str '35'"),
    (lambda: shieldsim.ballistic(**with_(BALL, lat=True)), "--lat: expected a number, got bool True"),
    (lambda: shieldsim.engage(**with_(ENG, site=[object()])), "--site: expected 'LAT,LON' text or a (lat, lon) pair"),
    (lambda: shieldsim.engage(**ENG, radar=[1]), "--radar: expected a str or a list of str"),
    (lambda: shieldsim.engage(**ENG, radar_role={1: "cue"}), "--radar-role: keys must be str"),
    (lambda: shieldsim.assess(3), "scenarios: expected a built-in scenario name, a path, TOML text or a dict, got int"),
    (lambda: shieldsim.assess([b"x"]), "scenarios[0]: expected a built-in scenario name"),
    (lambda: shieldsim.assess("epaa-phase1-2011", progress="tick"), "progress = 'tick': expected a callable"),
    (lambda: shieldsim.assess(out=3), "--out: expected a folder path"),
    (lambda: shieldsim.footprint("epaa-phase1-2011", region=object()), "--region: expected 'global', a box"),
    (lambda: shieldsim.footprint("epaa-phase1-2011", reverse="yes"), "--reverse: expected True or False"),
    (lambda: shieldsim.sweep(vary=3), "--vary: expected a str or a list of str"),
    (lambda: shieldsim.sweep(vary={"p": object()}), "--vary: expected 'FROM:TO:STEP' text or a sequence of numbers"),
    (lambda: shieldsim.raid(seed="1"), "--seed: expected an int, got str"),
    (lambda: shieldsim.limits("third-site-2007", stated=["a"], deterrent=["b"], param={"p": 1}), "--param: expected (from, to) for p"),
    (lambda: shieldsim.catalog(3), "<KIND>: expected 'missiles'"),
    (lambda: shieldsim.export_scenario(None), "<NAME>: expected a built-in scenario name (str), got NoneType"),
]


@pytest.mark.parametrize("call, message", TYPE_ERRORS)
def test_wrong_types_raise_type_error_naming_the_option(call, message: str) -> None:
    with pytest.raises(TypeError) as raised:
        call()
    assert str(raised.value).startswith(message)


VALUE_ERRORS = [
    (lambda: shieldsim.trajectory(**TRAJ, shape="loft"), "invalid value 'loft' for '--shape' [possible values: min-energy, lofted, depressed]"),
    (lambda: shieldsim.trajectory(**TRAJ, earth="flat"), "invalid value 'flat' for '--earth' [possible values: wgs84, sphere]"),
    (lambda: shieldsim.trajectory(**TRAJ, gravity="newton"), "invalid value 'newton' for '--gravity' [possible values: j2, point-mass]"),
    (lambda: shieldsim.trajectory(**TRAJ, rotation="yes"), "invalid value 'yes' for '--rotation' [possible values: on, off]"),
    (lambda: shieldsim.trajectory(**TRAJ, samples=-1), "--samples = -1: expected an integer from 0 to 4294967295"),
    (lambda: shieldsim.raid(seed=-1), "--seed = -1: expected an integer from 0 to 18446744073709551615"),
    (lambda: shieldsim.catalog("ships"), "invalid value 'ships' for '<KIND>' [possible values: missiles, interceptors, radars]"),
    (lambda: shieldsim.engage(**with_(ENG, site=[])), "the following required arguments were not provided: --site"),
    (lambda: shieldsim.trajectory(**TRAJ, shape="lofted", apogee_km=500.0, burnout_flight_path_deg=20.0),
     "the argument '--apogee-km <APOGEE_KM>' cannot be used with '--burnout-flight-path-deg"),
]


@pytest.mark.parametrize("call, message", VALUE_ERRORS)
def test_values_the_cli_parser_refuses_raise_value_error(call, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value).startswith(message)


def test_an_unwritable_out_folder_is_an_error_not_a_crash(small_path: str, tmp_path: pathlib.Path, shieldsim_cli) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ValueError) as raised:
        shieldsim.assess(small_path, out=blocker / "sub")
    assert str(raised.value) == shieldsim_cli.error("assess", small_path, "--out", str(blocker / "sub"))
    # The interpreter and the package go on working.
    assert shieldsim.trajectory(**TRAJ)["miss_km"] < 0.1
