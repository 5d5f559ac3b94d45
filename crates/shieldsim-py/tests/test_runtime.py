"""How jobs run: the GIL is released (other Python threads go on), the progress callback is called on the caller's
thread, Ctrl-C and exceptions from the callback stop a job, concurrent jobs do not interfere, and the same input
gives the same output."""

from __future__ import annotations

import _thread
import threading
import time

import pandas as pd
import pytest

import shieldsim

REGION = (30, 26, 45, 50)


class Counter(threading.Thread):
    """A Python thread that counts while it can run (it needs the GIL for every step)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.count = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.count += 1
            time.sleep(0.0005)


def test_the_gil_is_released_while_a_job_runs(small_path: str) -> None:
    counter = Counter()
    counter.start()
    try:
        calls = []
        before = counter.count
        # Counted from the callback: only steps taken while the job ran.
        shieldsim.footprint(small_path, region=REGION, spacing_deg=1.5,
                            progress=lambda done, total: calls.append(counter.count))
        during = calls[-1] - calls[0] if len(calls) > 1 else counter.count - before
    finally:
        counter.stop.set()
        counter.join()
    # Held by the job, the GIL would let the counter take about one step per callback (measured: 5 steps over 6
    # callbacks when the waiting thread keeps it; about 1,300 when it lets it go).
    assert len(calls) >= 2 and during > 10 * len(calls), (calls, during)


def test_progress_is_reported_on_the_callers_thread(small_path: str) -> None:
    calls: list[tuple[int, int, int]] = []
    r = shieldsim.assess(small_path, progress=lambda done, total: calls.append((done, total, threading.get_ident())))
    total = sum(row["pairs"] for row in r["results"])
    assert calls, "the callback was never called"
    assert {c[1] for c in calls} == {total}
    dones = [c[0] for c in calls]
    assert dones == sorted(dones) and dones[-1] == total
    assert {c[2] for c in calls} == {threading.get_ident()}


def test_an_exception_in_the_callback_stops_the_job_and_propagates(small_path: str) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        raise Stop(f"{done} of {total}")

    with pytest.raises(Stop):
        shieldsim.footprint(small_path, region=REGION, spacing_deg=1.0, progress=progress)
    # The package goes on working.
    assert shieldsim.assess(small_path)["results"][0]["corridor"] == "west"


def test_ctrl_c_cancels_a_long_job() -> None:
    """An ICBM flown to every point of a global 0.5-degree grid (259,200 points, nearly all within its reach) takes
    minutes (about 500 points a second here); Ctrl-C (a simulated SIGINT delivered to the main thread) stops it
    with KeyboardInterrupt, long before its end."""
    if threading.current_thread() is not threading.main_thread():
        pytest.fail("Ctrl-C reaches the main thread only: run pytest in the main thread")
    seen: list[tuple[int, int]] = []
    timer = threading.Timer(2.0, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            shieldsim.footprint(
                "epaa-phase1-2011", missile="icbm-liquid", spacing_deg=0.5, progress=lambda d, t: seen.append((d, t))
            )
    finally:
        timer.cancel()
    # Stopped before the end (or even before the grid began, while the site's reach was being flown).
    assert not seen or (seen[-1][1] == 259_200 and seen[-1][0] < 259_200)
    # Nothing half-done is left behind: the next job runs normally.
    assert shieldsim.trajectory(from_=(35.23, 53.92), to=(33.31, 44.37), missile="shahab-3")["miss_km"] < 0.1


def test_same_input_same_output(small_path: str) -> None:
    a, b = shieldsim.assess(small_path), shieldsim.assess(small_path)
    assert a == b and a.text.split("\n")[:4] == b.text.split("\n")[:4]
    pd.testing.assert_frame_equal(a.corridors, b.corridors, check_exact=True)
    pd.testing.assert_frame_equal(a.trajectories, b.trajectories, check_exact=True)
    m1 = shieldsim.monte_carlo(small_path, samples=8, seed=11)
    m2 = shieldsim.monte_carlo(small_path, samples=8, seed=11)
    m3 = shieldsim.monte_carlo(small_path, samples=8, seed=12)
    pd.testing.assert_frame_equal(m1.samples, m2.samples, check_exact=True)
    assert dict(m1) == dict(m2)
    assert not m1.samples["value_1"].equals(m3.samples["value_1"])


def test_jobs_on_several_threads_give_the_serial_results(small_path: str) -> None:
    serial = [shieldsim.assess(small_path), shieldsim.footprint(small_path, region=REGION, spacing_deg=3)]
    results: dict[int, object] = {}

    def work(i: int) -> None:
        if i == 0:
            results[i] = shieldsim.assess(small_path)
        else:
            results[i] = shieldsim.footprint(small_path, region=REGION, spacing_deg=3)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == serial[0]
    pd.testing.assert_frame_equal(results[1].grid, serial[1].grid, check_exact=True)
