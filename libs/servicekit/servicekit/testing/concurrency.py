"""Calls that genuinely race, for tests of unique rules, row locks and counters."""

from __future__ import annotations


def run_concurrently(*calls):
    """Start every zero-argument call at the same moment on its own thread; their results.

    A barrier lines the threads up, so the calls genuinely race (for a unique rule, a row
    lock or a counter). An exception in any call is raised here.
    """
    import threading

    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
