"""How shieldsim.dask scales with workers on this machine (run by hand, not in CI).

Times a footprint and a Monte Carlo study on a LocalCluster of 1 and then 2 worker processes (one thread each),
checks that each equals the single-machine result, and prints points/s and samples/s, and the per-task overhead
(one task of zero units: planning a study, loading the scenario, sending the part back).

    python -m venv /tmp/v && /tmp/v/bin/pip install './crates/shieldsim-py[dask]'
    /tmp/v/bin/python bench/dask-scaling.py [--spacing-deg 2] [--samples 40] [--workers 1,2]

The numbers in the README's "Studies on a cluster" come from this script.
"""

from __future__ import annotations

import argparse
import time

import distributed
import pandas as pd

import shieldsim
import shieldsim.dask as sd


def timed(f):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = f()
    return r, time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default="third-site-2007")
    p.add_argument("--spacing-deg", type=float, default=2.0)
    p.add_argument("--region", default="20,-15,70,60")
    p.add_argument("--samples", type=int, default=40)
    p.add_argument("--workers", default="1,2")
    a = p.parse_args()
    fp_args = dict(region=a.region, spacing_deg=a.spacing_deg)
    mc_args = dict(samples=a.samples, seed=1, uncertain={"rules.decision_delay_s": "uniform:10:120"})
    one_fp, t_fp = timed(lambda: shieldsim.footprint(a.scenario, **fp_args))
    one_mc, t_mc = timed(lambda: shieldsim.monte_carlo(a.scenario, **mc_args))
    points = one_fp["points"]
    print(f"single machine (all cores): footprint {points} points in {t_fp:.1f} s, "
          f"Monte Carlo {a.samples} samples in {t_mc:.1f} s")
    for n in [int(w) for w in a.workers.split(",")]:
        with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=40) as cluster, \
                distributed.Client(cluster) as client:
            client.run(lambda: None)
            # Per-task overhead: a task of zero units (plan, scenario loaded, empty part back).
            opts = shieldsim._footprint_options(a.scenario, None, False, None, None, "min-energy", None, None,
                                                a.region, a.spacing_deg, "0,60,120,300,600")
            t0 = time.perf_counter()
            client.gather([client.submit(sd._part, "footprint", opts, 0, 0, pure=False) for _ in range(8 * n)])
            overhead = (time.perf_counter() - t0) / 8
            fp, t = timed(lambda: sd.footprint(a.scenario, client=client, **fp_args))
            pd.testing.assert_frame_equal(fp.grid, one_fp.grid, check_exact=True)
            mc, tm = timed(lambda: sd.monte_carlo(a.scenario, client=client, **mc_args))
            pd.testing.assert_frame_equal(mc.samples, one_mc.samples, check_exact=True)
            print(f"{n} worker(s): footprint {points / t:.1f} points/s ({t:.1f} s), "
                  f"Monte Carlo {a.samples / tm:.2f} samples/s ({tm:.1f} s), "
                  f"empty task {overhead * 1000:.0f} ms per worker round")


if __name__ == "__main__":
    main()
