#!/usr/bin/env python3
"""The scipy half of `bench/compare-scipy`: the same vacuum free flights through SciPy's `solve_ivp` (DOP853) and
through shieldsim, an agreement check, and the speed ratio.

Usage (normally through `bench/compare-scipy`, which builds the Rust example first):

    python3 bench/compare_scipy.py --rust-bin target/release/examples/free_flight_batch [--trajectories 200]
        [--rust-batches 100] [--scipy-batches 3] [--out target/compare-scipy]

It re-runs itself inside the virtual environment `validation/.venv` (shared with the oracle scripts; override with
the environment variable COMPARE_SCIPY_VENV), creating it and installing the pinned numpy and scipy on first use.

The model on both sides (the engine's defaults, docs/conventions.md, minus drag):
  * state y = (r, v) in ECI, the inertial frame aligned with ECEF at t = 0, m and m/s;
  * dr/dt = v, dv/dt = g_J2(r): point mass plus J2 (Vallado eq. 8-31), with r² = x²+y²+z²,
    k = 1.5·J2·Re²/r², s = 5·z²/r²,
        ax = −GM·x/r³ · (1 + k·(1 − s)),  ay = −GM·y/r³ · (1 + k·(1 − s)),  az = −GM·z/r³ · (1 + k·(3 − s)),
    GM = 3.986004418e14 m³/s², J2 = 1.08262668e-3, Re = 6378137 m. In ECI no fictitious forces appear; the Earth's
    rotation (ω = 7.292115e-5 rad/s) enters only through the initial velocity (burn-out speed is relative to the
    rotating Earth, so v_eci = v_rel + ω×r) — and the WGS 84 ellipsoid is symmetric about z, so the impact test does
    not depend on the Earth's angle;
  * integration from the burn-out state to impact = first downward crossing of geodetic height 0 above WGS 84
    (a = 6378137 m, f = 1/298.257223563), the exact closed-form height in both (Zhu / Heikkinen);
  * DOP853 with the engine's default tolerances (read from the Rust example's output: rtol 1e-10, atol 1e-4 on every
    component).

The two DOP853 implementations share the Dormand–Prince coefficients and the `dop853.f` error norm but not the
step-size controller (SciPy: factor clamped to [0.2, 10] and its own first-step guess; shieldsim: `dop853.f`'s
[1/3, 6]) nor the event root finder (SciPy: brentq to 4ε in t; shieldsim: Brent to 1 µs), so results
differ at the level of the tolerance, not bit for bit. shieldsim's `fly` also locates every apogee on the way.

Timing: every trajectory is integrated once untimed, then the whole batch several times on one thread; the best batch
counts (same rule on both sides). SciPy's time includes `solve_ivp`'s per-call overhead, as a user calling it sees it.
The right-hand side and event are written the fast way for SciPy (plain Python floats, one small array per call).
"""

import argparse
import csv
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.environ.get("COMPARE_SCIPY_VENV", os.path.join(ROOT, "validation", ".venv"))
REQUIREMENTS = ["numpy==2.4.6", "scipy==1.17.1"]

# crates/shieldsim/src/earth/constants.rs
GM_M3_S2 = 3.986004418e14
WGS84_A_M = 6378137.0
WGS84_F = 1.0 / 298.257223563
OMEGA_RAD_S = 7.292115e-5
J2 = 1.08262668e-3
J2_REFERENCE_RADIUS_M = WGS84_A_M

WGS84_B_M = WGS84_A_M * (1.0 - WGS84_F)
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)

# Longest flight accepted (the engine's FlightOptions default), s.
MAX_FLIGHT_TIME_S = 4.0 * 3600.0

# Agreement required between the two impact points (ECI position at impact), m. At rtol 1e-10 each side's
# impact-point error against a converged reference is about 1 cm (median) and at most about 0.15 m on these flights
# (printed on every run; the engine's tolerances are chosen to keep it within ~1 m even with drag), while a wrong
# equation or constant moves them by more (J2 off by 0.1 %: 21 m; a spurious 1 mm/s in the velocity: 6 m).
AGREEMENT_M = 1.0
# Agreement required between the two impact times, s: under a metre of flight at these impact speeds (< 8 km/s).
AGREEMENT_T_S = 1e-4
# Tolerances of the reference solution each side is also measured against (converged: tightening it further moves
# impact points by under 0.1 mm).
REFERENCE_RTOL = 1e-13
REFERENCE_ATOL = 1e-9
# The generated initial states must match the engine's own conversion of their geodetic description.
INITIAL_STATE_R_M = 1e-6
INITIAL_STATE_V_MPS = 1e-9


def ensure_venv() -> None:
    """Run inside the venv with the pinned packages (validation/oracle_venv.py)."""
    sys.path.insert(0, os.path.join(ROOT, "validation"))
    import oracle_venv

    oracle_venv.ensure(REQUIREMENTS, VENV, __file__)


def radical_inverse(i: int, base: int) -> float:
    """Van der Corput radical inverse of i in `base`: the Halton sequence's coordinate, in [0, 1)."""
    inv, f = 0.0, 1.0 / base
    while i > 0:
        inv += f * (i % base)
        i //= base
        f /= base
    return inv


def burnout_states(n: int) -> list[dict]:
    """n burn-out states spread evenly (Halton points, bases 2..13) over latitude −70..70°, longitude −180..180°,
    altitude 100–300 km, speed 3–7 km/s (relative to the rotating Earth), azimuth 0–360°, flight-path angle
    10–60°: short-range to intercontinental flights, all coming down."""
    states = []
    for i in range(1, n + 1):
        u = [radical_inverse(i, b) for b in (2, 3, 5, 7, 11, 13)]
        states.append(
            {
                "id": i,
                "lat_deg": -70.0 + 140.0 * u[0],
                "lon_deg": -180.0 + 360.0 * u[1],
                "alt_km": 100.0 + 200.0 * u[2],
                "speed_mps": 3000.0 + 4000.0 * u[3],
                "azimuth_deg": 360.0 * u[4],
                "flight_path_deg": 10.0 + 50.0 * u[5],
            }
        )
    return states


def to_inertial(s: dict) -> tuple[list[float], list[float]]:
    """ECI position and velocity at t = 0 (ECI = ECEF then) of a burn-out state given as geodetic position, speed
    relative to the rotating Earth, azimuth clockwise from north and flight-path angle above the geodetic horizontal."""
    lat, lon = math.radians(s["lat_deg"]), math.radians(s["lon_deg"])
    h = s["alt_km"] * 1000.0
    sl, cl = math.sin(lat), math.cos(lat)
    so, co = math.sin(lon), math.cos(lon)
    n = WGS84_A_M / math.sqrt(1.0 - WGS84_E2 * sl * sl)
    r = [(n + h) * cl * co, (n + h) * cl * so, (n * (1.0 - WGS84_E2) + h) * sl]
    east = (-so, co, 0.0)
    north = (-sl * co, -sl * so, cl)
    up = (cl * co, cl * so, sl)
    g, a = math.radians(s["flight_path_deg"]), math.radians(s["azimuth_deg"])
    ce, cn, cu = math.cos(g) * math.sin(a), math.cos(g) * math.cos(a), math.sin(g)
    v = [s["speed_mps"] * (ce * east[k] + cn * north[k] + cu * up[k]) for k in range(3)]
    v[0] += -OMEGA_RAD_S * r[1]
    v[1] += OMEGA_RAD_S * r[0]
    return r, v


def write_states(path: str, states: list[dict]) -> None:
    """The shared input: geodetic description and ECI state, floats written round-trip exact (repr)."""
    cols = ["id", "lat_deg", "lon_deg", "alt_km", "speed_mps", "azimuth_deg", "flight_path_deg",
            "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps"]
    with open(path, "w", newline="") as fh:
        fh.write(",".join(cols) + "\n")
        for s in states:
            fh.write(",".join(repr(s[c]) for c in cols) + "\n")


def geodetic_height_m(x: float, y: float, z: float) -> float:
    """Exact geodetic height above WGS 84 (Zhu's closed form, as the engine's Ellipsoid::to_geodetic), m."""
    a, b, e2 = WGS84_A_M, WGS84_B_M, WGS84_E2
    a2, b2 = a * a, b * b
    z2 = z * z
    rho2 = x * x + y * y
    rho = math.sqrt(rho2)
    f = 54.0 * b2 * z2
    g = rho2 + (1.0 - e2) * z2 - e2 * (a2 - b2)
    c = e2 * e2 * f * rho2 / (g * g * g)
    s = (1.0 + c + math.sqrt(c * c + 2.0 * c)) ** (1.0 / 3.0)
    k = s + 1.0 + 1.0 / s
    pp = f / (3.0 * k * k * g * g)
    q = math.sqrt(1.0 + 2.0 * e2 * e2 * pp)
    r0 = -pp * e2 * rho / (1.0 + q) + math.sqrt(
        max(0.5 * a2 * (1.0 + 1.0 / q) - pp * (1.0 - e2) * z2 / (q * (1.0 + q)) - 0.5 * pp * rho2, 0.0)
    )
    t = rho - e2 * r0
    u = math.sqrt(t * t + z2)
    v = math.sqrt(t * t + (1.0 - e2) * z2)
    return u * (1.0 - b2 / (a * v))


def scipy_problem():
    """The right-hand side and the impact event for solve_ivp."""
    import numpy as np

    mu = GM_M3_S2
    k0 = 1.5 * J2 * J2_REFERENCE_RADIUS_M * J2_REFERENCE_RADIUS_M

    def rhs(_t, y):
        x, yy, z, vx, vy, vz = y.tolist()
        r2 = x * x + yy * yy + z * z
        mu_r3 = mu / (r2 * math.sqrt(r2))
        k = k0 / r2
        s = 5.0 * z * z / r2
        fxy = mu_r3 * (1.0 + k * (1.0 - s))
        return np.array([vx, vy, vz, -x * fxy, -yy * fxy, -z * mu_r3 * (1.0 + k * (3.0 - s))])

    def impact(_t, y):
        x, yy, z = y[:3].tolist()
        return geodetic_height_m(x, yy, z)

    impact.terminal = True
    impact.direction = -1.0
    return rhs, impact


def scipy_fly(y0, rtol: float, atol: float, rhs, impact):
    from scipy.integrate import solve_ivp

    return solve_ivp(rhs, (0.0, MAX_FLIGHT_TIME_S), y0, method="DOP853", rtol=rtol, atol=atol, events=impact)


def parse_key_values(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rust-bin", required=True, help="the built free_flight_batch example")
    ap.add_argument("--trajectories", type=int, default=200)
    ap.add_argument("--rust-batches", type=int, default=100)
    ap.add_argument("--scipy-batches", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "compare-scipy"))
    args = ap.parse_args()
    for name in ("trajectories", "rust_batches", "scipy_batches"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be 1 or more")

    import numpy as np
    import scipy

    os.makedirs(args.out, exist_ok=True)
    states = burnout_states(args.trajectories)
    y0s = []
    for s in states:
        r, v = to_inertial(s)
        s.update(x_m=r[0], y_m=r[1], z_m=r[2], vx_mps=v[0], vy_mps=v[1], vz_mps=v[2])
        y0s.append(np.array(r + v))
    states_csv = os.path.join(args.out, "burnout_states.csv")
    impacts_csv = os.path.join(args.out, "shieldsim_impacts.csv")
    write_states(states_csv, states)

    print(f"{len(states)} vacuum free flights, burn-out to impact: WGS 84, rotating Earth, J2 (states: {states_csv})")
    proc = subprocess.run([args.rust_bin, states_csv, impacts_csv, str(args.rust_batches)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"{args.rust_bin} failed (exit {proc.returncode}):\n{proc.stderr}", file=sys.stderr)
        return 1
    rust = parse_key_values(proc.stdout)
    rtol, atol = float(rust["rtol"]), float(rust["atol"])
    rust_s = float(rust["seconds_per_trajectory"])
    dr0, dv0 = float(rust["initial_state_check_max_dr_m"]), float(rust["initial_state_check_max_dv_mps"])
    print(f"tolerances (the engine's defaults, used on both sides): rtol {rtol:g}, atol {atol:g}")
    print(f"initial states vs the engine's LaunchState::to_inertial: max |dr| {dr0:.1e} m, max |dv| {dv0:.1e} m/s")
    ok = dr0 <= INITIAL_STATE_R_M and dv0 <= INITIAL_STATE_V_MPS
    with open(impacts_csv, newline="") as fh:
        rust_rows = list(csv.DictReader(fh))

    rhs, impact = scipy_problem()
    sols = [scipy_fly(y0, rtol, atol, rhs, impact) for y0 in y0s]
    best = math.inf
    for _ in range(args.scipy_batches):
        start = time.perf_counter()
        for y0 in y0s:
            scipy_fly(y0, rtol, atol, rhs, impact)
        best = min(best, time.perf_counter() - start)
    scipy_s = best / len(y0s)

    refs = [scipy_fly(y0, REFERENCE_RTOL, REFERENCE_ATOL, rhs, impact) for y0 in y0s]

    max_dr, max_dt, max_dv, worst = 0.0, 0.0, 0.0, None
    steps_py, err_rust, err_py = [], [], []
    for s, sol, ref, row in zip(states, sols, refs, rust_rows):
        if sol.status != 1 or len(sol.t_events[0]) == 0:
            print(f"state {s['id']}: scipy found no impact ({sol.message})", file=sys.stderr)
            ok = False
            continue
        steps_py.append(len(sol.t) - 1)
        ye = sol.y_events[0][0]
        r_rust = [float(row[c]) for c in ("x_m", "y_m", "z_m")]
        dr = math.dist(ye[:3], r_rust)
        if ref.status == 1 and len(ref.t_events[0]) == 1:
            err_rust.append(math.dist(ref.y_events[0][0][:3], r_rust))
            err_py.append(math.dist(ref.y_events[0][0][:3], ye[:3]))
        dv = math.dist(ye[3:], [float(row[c]) for c in ("vx_mps", "vy_mps", "vz_mps")])
        dt = abs(sol.t_events[0][0] - float(row["impact_t_s"]))
        if dr > max_dr:
            max_dr, worst = dr, s["id"]
        max_dt, max_dv = max(max_dt, dt), max(max_dv, dv)
    flight_times = [float(r["impact_t_s"]) for r in rust_rows]
    print(f"flight times {min(flight_times):.0f}-{max(flight_times):.0f} s; mean accepted steps: "
          f"shieldsim {float(rust['mean_steps']):.1f}, scipy {sum(steps_py) / max(len(steps_py), 1):.1f}")
    print(f"agreement: max impact-point difference {max_dr:.2e} m (state {worst}; limit {AGREEMENT_M} m), "
          f"impact time {max_dt:.2e} s (limit {AGREEMENT_T_S} s), impact velocity {max_dv:.2e} m/s")
    if err_rust:
        err_rust.sort()
        err_py.sort()
        mid = len(err_rust) // 2
        print(f"impact-point error against a converged reference (scipy, rtol {REFERENCE_RTOL:g}, "
              f"atol {REFERENCE_ATOL:g}): shieldsim max {err_rust[-1]:.2e} m, median {err_rust[mid]:.1e} m; "
              f"scipy max {err_py[-1]:.2e} m, median {err_py[mid]:.1e} m")
    ok = ok and max_dr <= AGREEMENT_M and max_dt <= AGREEMENT_T_S and len(steps_py) == len(states)
    print(f"scipy {scipy.__version__} solve_ivp DOP853: {scipy_s * 1e3:.3f} ms per trajectory "
          f"(best of {args.scipy_batches} batches, one thread, solve_ivp's per-call overhead included)")
    print(f"shieldsim free_flight::fly: {rust_s * 1e6:.2f} us per trajectory "
          f"(best of {rust['batches']} batches, one thread, apogee location included)")
    if not ok:
        print("FAILED: shieldsim and scipy disagree (see above)", file=sys.stderr)
        return 1
    print(f"speed ratio: {round(scipy_s / rust_s)}")
    return 0


if __name__ == "__main__":
    ensure_venv()
    sys.exit(main())
