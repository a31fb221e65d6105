"""`rxanswers serve` listens at once and loads the answer indexes in the background, holding back while a request
is being served (a real question comes before the practice ones)."""

from __future__ import annotations

import threading

from rxanswers.answers import asked, encoders, glossary, lay, pipeline
from rxanswers.answers.understanding import classifier
from rxanswers.cli.inflight import InFlight


def test_the_warm_up_waits_while_a_request_is_being_served():
    entered, release = threading.Event(), threading.Event()

    def application(environ, start_response):
        entered.set()
        release.wait(10)
        return [b"ok"]

    busy = InFlight(application)
    request = threading.Thread(target=busy, args=({}, None))
    request.start()
    assert entered.wait(10) and busy.count == 1
    idle = threading.Event()
    warm_up = threading.Thread(target=lambda: (busy.wait_idle(limit=30), idle.set()))
    warm_up.start()
    assert not idle.wait(0.3)  # held back while the request runs
    release.set()
    request.join(10)
    assert idle.wait(10) and busy.count == 0
    warm_up.join(10)


def test_the_warm_up_pauses_before_each_step(monkeypatch):
    done: list[str] = []
    for module, name in (
        (pipeline.selectors, "name_index"),
        (encoders, "question_encoder"),
        (classifier, "question_classifier"),
        (lay, "load_lay_terms"),
        (asked, "asked_index"),
        (glossary, "nci_drug_entries"),
        (glossary, "nci_term_entries"),
    ):
        monkeypatch.setattr(module, name, lambda name=name: done.append(name))
    monkeypatch.setattr(pipeline, "answer_question", lambda question: done.append("answer"))
    pipeline.warm_up(pause=lambda: done.append("pause"))
    assert done[::2] == ["pause"] * 10
    assert done[1::2][:3] == ["name_index", "question_encoder", "question_classifier"]
    assert done[1::2].count("answer") == 3
