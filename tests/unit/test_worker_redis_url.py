"""Each pytest-xdist process gets a Redis database of its own (tests/conftest.py)."""

from tests.conftest import worker_redis_url


def test_one_process_keeps_the_url() -> None:
    assert worker_redis_url("redis://127.0.0.1:6379/0", worker="") == "redis://127.0.0.1:6379/0"


def test_each_worker_moves_to_its_own_database() -> None:
    urls = {worker_redis_url("redis://127.0.0.1:6379/0", worker=f"gw{n}") for n in range(4)}
    assert urls == {f"redis://127.0.0.1:6379/{n}" for n in range(4)}


def test_the_password_and_a_database_number_are_kept() -> None:
    moved = worker_redis_url("redis://:s3cret@cache:6380/5", worker="gw2")
    assert moved == "redis://:s3cret@cache:6380/7"
    assert worker_redis_url("redis://cache", worker="gw1") == "redis://cache/1"
    assert worker_redis_url("redis://cache/15", worker="gw1") == "redis://cache/0"
