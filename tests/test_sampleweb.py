"""The bundled sample web is consistent: rendered output current, every gold article
reachable through its source's discovery, gold evidence present on its page."""

from flows.sampleweb.check import run_checks


def test_sample_web_and_gold_are_consistent():
    assert run_checks() == []
