"""Several server processes on one database: claims, leases and stale owners, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import update

from creator_roster.api.store import JobRow, Store


def queued(store: Store, n: int) -> list[str]:
    return [store.add_job("solve", None, None, {}, 5.0).id for _ in range(n)]


def test_racing_claims_take_each_job_exactly_once(database_url):
    """Four claimers, each with its own engine (as separate processes have), race over the same queue."""
    stores = [Store(database_url) for _ in range(4)]
    ids = queued(stores[0], 40)
    claimed: dict[str, list[str]] = {}
    start = threading.Barrier(len(stores))

    def claimer(n: int, store: Store) -> None:
        start.wait()
        mine = []
        while True:
            batch = store.queued_jobs(5)
            if not batch:
                break
            mine += [job.id for job in batch if store.claim_job(job.id, f"server-{n}", 30)]
        claimed[f"server-{n}"] = mine

    threads = [threading.Thread(target=claimer, args=(n, s)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    every = [job_id for mine in claimed.values() for job_id in mine]
    assert sorted(every) == sorted(ids)  # each job once: none lost, none twice
    for owner, mine in claimed.items():
        assert all(stores[0].get_job(job_id).owner == owner for job_id in mine)
    for store in stores:
        store.close()


def expire(store: Store, job_id: str) -> None:
    with store.session() as s, s.begin():
        s.execute(update(JobRow).where(JobRow.id == job_id)
                  .values(lease_until=dt.datetime(2000, 1, 1)))


def test_a_lapsed_claim_is_taken_up_and_the_old_owner_can_no_longer_write(database_url):
    store = Store(database_url)
    [job_id] = queued(store, 1)
    assert store.claim_job(job_id, "a", 30)
    assert store.expired_jobs() == []  # a fresh lease
    assert not store.requeue_job(job_id, "too early", expired_only=True)
    expire(store, job_id)
    assert [job.id for job in store.expired_jobs()] == [job_id]
    assert store.requeue_job(job_id, "a stopped renewing", expired_only=True)
    assert store.claim_job(job_id, "b", 30)
    assert store.renew_leases("a", [job_id], 30) == set()  # a learns it lost the job
    assert store.renew_leases("b", [job_id], 30) == {job_id}
    store.set_progress(job_id, {"objective": 1}, owner="a")
    assert store.get_job(job_id).progress == {}  # a's late progress is refused
    assert not store.finish_job(job_id, "done", result="{}", owner="a")  # ... and so is its late result
    assert store.finish_job(job_id, "done", result="{}", owner="b")
    job = store.get_job(job_id)
    assert (job.status, job.owner, job.attempts) == ("done", "b", 2)
    store.close()


def test_a_cancelled_job_is_no_longer_held_by_the_server_running_it(database_url):
    store = Store(database_url)
    [job_id] = queued(store, 1)
    assert store.claim_job(job_id, "a", 30)
    assert store.finish_job(job_id, "cancelled")  # from any server: no owner named
    assert store.renew_leases("a", [job_id], 30) == set()  # the running server stops its worker on this
    store.close()
