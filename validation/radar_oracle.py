#!/usr/bin/env python3
"""Oracle values for `crates/shieldsim/src/sensors/radar.rs` (radar look angles on WGS 84).

Usage (from anywhere; needs python3 >= 3.9 and PyPI access on the first run):

    python3 validation/radar_oracle.py

On the first run this creates a virtual environment at `validation/.venv` (override the location with the
environment variable RADAR_ORACLE_VENV), installs the pinned PyPI package `pymap3d==3.2.0` (M. Hirsch, an independent
Python implementation of the geodetic / ECEF / ENU / AER conversions) into it, and re-runs itself inside it.

It prints the Rust constant `PYMAP3D_LOOKS` pasted into the tests of `radar.rs`: one tuple per site/target pair,

    (site_lat_deg, site_lon_deg, site_alt_m, target_x_m, target_y_m, target_z_m, azimuth_deg, elevation_deg, range_m)

with the site geodetic on WGS 84 and the target in ECEF. For the pairs whose target is given geodetically the target
ECEF is pymap3d's `geodetic2ecef` and the look angles are pymap3d's `geodetic2aer`; for the pairs whose target is
given in ECEF the look angles are pymap3d's `ecef2aer`. Every pair is cross-checked between the two functions.
Floats are printed with Python's `repr` (shortest round-trip form), so the Rust literals are the exact doubles.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.environ.get("RADAR_ORACLE_VENV", os.path.join(HERE, ".venv"))
REQUIREMENTS = ["pymap3d==3.2.0"]

# (label, site (lat_deg, lon_deg, alt_m), target (lat_deg, lon_deg, alt_m)): geodetic targets.
GEODETIC_PAIRS = [
    ("mid-latitude, 150 km up, north-east", (40.0, -75.0, 100.0), (42.0, -73.0, 150_000.0)),
    ("ship near the equator, crossing it", (0.5, 120.0, 20.0), (-3.0, 125.0, 500_000.0)),
    ("southern hemisphere, long range", (-33.9, 151.2, 50.0), (-20.0, 170.0, 1_200_000.0)),
    ("across the antimeridian", (52.7, 174.1, 60.0), (60.0, -170.0, 800_000.0)),
    ("almost at the zenith", (35.0, 139.0, 10.0), (35.01, 139.01, 400_000.0)),
    ("below the horizon (negative elevation)", (64.3, -149.2, 200.0), (70.0, 170.0, 0.0)),
    ("high Arctic, over the pole", (76.5, -68.7, 250.0), (85.0, 100.0, 1_000_000.0)),
    ("site below the ellipsoid, due west-ish", (31.5, 35.5, -400.0), (33.0, 30.0, 60_000.0)),
]

# (label, site (lat_deg, lon_deg, alt_m), target ECEF (x_m, y_m, z_m)): ECEF targets.
ECEF_PAIRS = [
    ("ECEF target over Europe", (50.0, 10.0, 300.0), (4.5e6, 1.2e6, 5.0e6)),
    ("ECEF target in space, south-west", (10.0, -5.0, 0.0), (7.0e6, -1.0e6, 2.0e6)),
]


def ensure_venv() -> None:
    """Run inside this folder's oracle venv with the pinned packages (see oracle_venv.py)."""
    sys.path.insert(0, HERE)
    import oracle_venv

    oracle_venv.ensure(REQUIREMENTS, VENV, __file__)

def main() -> None:
    import pymap3d
    from importlib.metadata import version

    wgs84 = pymap3d.Ellipsoid.from_name("wgs84")
    rows = []
    for label, (slat, slon, salt), (tlat, tlon, talt) in GEODETIC_PAIRS:
        x, y, z = (float(c) for c in pymap3d.geodetic2ecef(tlat, tlon, talt, ell=wgs84, deg=True))
        az, el, rng = (float(c) for c in pymap3d.geodetic2aer(tlat, tlon, talt, slat, slon, salt, ell=wgs84, deg=True))
        az2, el2, rng2 = (float(c) for c in pymap3d.ecef2aer(x, y, z, slat, slon, salt, ell=wgs84, deg=True))
        assert abs(az - az2) < 1e-9 and abs(el - el2) < 1e-9 and abs(rng - rng2) < 1e-6, label
        rows.append((label + f"; target geodetic ({tlat}, {tlon}, {talt} m)", slat, slon, salt, x, y, z, az, el, rng))
    for label, (slat, slon, salt), (x, y, z) in ECEF_PAIRS:
        az, el, rng = (float(c) for c in pymap3d.ecef2aer(x, y, z, slat, slon, salt, ell=wgs84, deg=True))
        tlat, tlon, talt = (float(c) for c in pymap3d.ecef2geodetic(x, y, z, ell=wgs84, deg=True))
        az2, el2, rng2 = (float(c) for c in pymap3d.geodetic2aer(tlat, tlon, talt, slat, slon, salt, ell=wgs84, deg=True))
        assert abs(az - az2) < 1e-6 and abs(el - el2) < 1e-6 and abs(rng - rng2) < 1e-3, label
        rows.append((label, slat, slon, salt, float(x), float(y), float(z), az, el, rng))

    print(f"// pymap3d {version('pymap3d')} (PyPI), WGS 84, produced by validation/radar_oracle.py.")
    print("// (site_lat_deg, site_lon_deg, site_alt_m, target_x_m, target_y_m, target_z_m, azimuth_deg, elevation_deg,")
    print("//  range_m)")
    print("const PYMAP3D_LOOKS: [(f64, f64, f64, f64, f64, f64, f64, f64, f64); %d] = [" % len(rows))
    for label, *values in rows:
        print(f"    // {label}")
        print("    (" + ", ".join(_rust(v) for v in values) + "),")
    print("];")


def _rust(v: float) -> str:
    """A Rust f64 literal that parses to exactly `v`."""
    s = repr(float(v))
    if "e" not in s and "." not in s and "inf" not in s and "nan" not in s:
        s += ".0"
    return s


if __name__ == "__main__":
    ensure_venv()
    main()
