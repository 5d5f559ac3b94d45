#!/usr/bin/env python3
"""Oracle values for `crates/shieldsim/src/earth/atmosphere.rs` (US Standard Atmosphere 1976).

Usage (from anywhere; needs python3 >= 3.9 and PyPI access on the first run):

    python3 validation/atmosphere_oracle.py

On the first run this creates a virtual environment at `validation/.venv` (override the location with the
environment variable ATMOSPHERE_ORACLE_VENV), installs the pinned PyPI package `ussa1976==0.3.4` (Y. Nollet, an
independent Python implementation of NOAA-S/T 76-1562) into it, and re-runs itself inside it.

It prints two blocks:

1. 0-86 km: temperature, pressure, density and speed of sound from `ussa1976` at the altitudes the Rust tests use,
   as Rust tuple literals (pasted into the test constant `USSA1976_PY_LOWER`). Note: `ussa1976` reports the
   molecular-scale temperature T_M as "t" in the whole 0-86 km region; the standard's kinetic temperature differs
   from T_M only between 80 and 86 km (T = T_M * M/M0, Table 8), so the Rust tests compare temperature with this
   block only below 80 km.

2. 86-1000 km: `ussa1976` next to the standard's own tabulated values (Table I of NOAA-S/T 76-1562, hard-coded
   below), with their ratio. `ussa1976` 0.3.4 deviates from the standard's tables by up to about 7 % in density at
   300-600 km. This is not an integration-grid effect (refining its grid 20-200x changes nothing), so above 86 km
   the Rust tests use the standard's tabulated values, not this package.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.environ.get("ATMOSPHERE_ORACLE_VENV", os.path.join(HERE, ".venv"))
REQUIREMENTS = ["ussa1976==0.3.4"]

# Altitudes (km) of the low-altitude block.
LOWER_KM = [0.0, 0.5, 1.0, 5.0, 10.0, 11.0, 15.0, 20.0, 25.0, 32.0, 40.0, 47.0, 50.0, 51.0, 60.0, 71.0, 77.0,
            80.0, 84.0, 85.0, 86.0]

# NOAA-S/T 76-1562, Table I (geometric altitude km: kinetic temperature K, pressure Pa, density kg/m^3).
STANDARD_TABLE_I_UPPER = [
    (86.0, 186.87, 3.7338e-1, 6.958e-6),
    (91.0, 186.87, 1.5381e-1, 2.860e-6),
    (100.0, 195.08, 3.2011e-2, 5.604e-7),
    (110.0, 240.00, 7.1042e-3, 9.708e-8),
    (120.0, 360.00, 2.5382e-3, 2.222e-8),
    (150.0, 634.39, 4.5422e-4, 2.076e-9),
    (200.0, 854.56, 8.4736e-5, 2.541e-10),
    (300.0, 976.01, 8.7704e-6, 1.916e-11),
    (500.0, 999.24, 3.0236e-7, 5.215e-13),
    (700.0, 999.97, 3.1908e-8, 3.070e-14),
    (1000.0, 1000.00, 7.5138e-9, 3.561e-15),
]


def ensure_venv() -> None:
    """Run inside this folder's oracle venv with the pinned packages (see oracle_venv.py)."""
    sys.path.insert(0, HERE)
    import oracle_venv

    oracle_venv.ensure(REQUIREMENTS, VENV, __file__)

def main() -> None:
    import warnings

    warnings.filterwarnings("ignore")
    import numpy as np
    import ussa1976
    from importlib.metadata import version

    print(f"# ussa1976 {version('ussa1976')} (PyPI), numpy {np.__version__}")
    print("# Block 1, 0-86 km: (altitude_m, T_M_K, pressure_Pa, density_kg_m3, speed_of_sound_mps)")
    z = np.array(LOWER_KM) * 1e3
    ds = ussa1976.compute(z=z, variables=["t", "p", "rho", "cs"])
    for i, zz in enumerate(z):
        t, p, rho, cs = (float(ds[v].values[i]) for v in ("t", "p", "rho", "cs"))
        print(f"    ({zz:.1f}, {t:.10e}, {p:.10e}, {rho:.10e}, {cs:.10e}),")

    print()
    print("# Block 2, 86-1000 km: ussa1976 vs NOAA-S/T 76-1562 Table I (information only)")
    print("#  z_km  T_pkg       T_std    p_pkg         p_std       p_ratio  rho_pkg       rho_std     rho_ratio")
    z = np.array([row[0] for row in STANDARD_TABLE_I_UPPER]) * 1e3
    ds = ussa1976.compute(z=z, variables=["t", "p", "rho"])
    for i, (zk, t_std, p_std, rho_std) in enumerate(STANDARD_TABLE_I_UPPER):
        t, p, rho = (float(ds[v].values[i]) for v in ("t", "p", "rho"))
        print(
            f"# {zk:6.1f} {t:9.3f} {t_std:9.2f}  {p:.5e} {p_std:.4e}  {p / p_std:7.4f}"
            f"  {rho:.5e} {rho_std:.3e}  {rho / rho_std:7.4f}"
        )


if __name__ == "__main__":
    ensure_venv()
    main()
