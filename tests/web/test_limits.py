"""Abuse limits and production HTTPS settings: 429 with Retry-After per client, sign-in lockout per username,
CSP headers, and `check --deploy` clean with the documented production environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import cache

from tests.conftest import REPO_ROOT


@pytest.fixture
def limits_on(settings, monkeypatch):
    """Limits on, counters empty, and the clock stopped: windows are fixed, so a test must not cross one."""
    import django_ratelimit.core

    class StoppedClock:
        @staticmethod
        def time() -> float:
            return 1_800_000_000.0

    monkeypatch.setattr(django_ratelimit.core, "time", StoppedClock)
    settings.RATE_LIMITS_ON = True
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_too_many_questions_get_429_with_retry_after(client, limits_on):
    codes = [client.get("/ask").status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
    response = client.get("/ask")
    assert response["Retry-After"] == "60"
    other = client.get("/ask", REMOTE_ADDR="10.0.0.9")  # another client is not affected
    assert other.status_code == 200


@pytest.mark.django_db
def test_api_limits_answer_in_json(client, limits_on):
    for _ in range(60):
        client.get("/api/v1/compare", {"drugs": "a"})
    response = client.get("/api/v1/compare", {"drugs": "a"})
    assert response.status_code == 429 and "Too many requests" in response.json()["detail"]


@pytest.mark.django_db
def test_sign_in_is_locked_per_username_whatever_the_address(client, limits_on):
    for i in range(5):
        response = client.post(
            "/accounts/login/", {"username": "alice", "password": f"wrong{i}"}, REMOTE_ADDR=f"10.1.0.{i}"
        )
        assert response.status_code == 200  # the form again, with an error
    locked = client.post("/accounts/login/", {"username": "alice", "password": "x"}, REMOTE_ADDR="10.1.0.99")
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 900
    assert "15 minutes" in locked.content.decode()


@pytest.mark.django_db
def test_successful_sign_ins_are_not_counted_but_failures_still_lock_out(
    client, limits_on, django_user_model
):
    django_user_model.objects.create_user(username="carol", password="right-password-1")
    for i in range(10):  # ten colleagues behind one address, or one person signing in all day
        response = client.post(
            "/accounts/login/", {"username": "carol", "password": "right-password-1"}, REMOTE_ADDR="10.3.0.1"
        )
        assert response.status_code == 302, f"sign-in {i + 1} was refused"
        client.logout()
    for i in range(5):
        wrong = client.post(
            "/accounts/login/", {"username": "carol", "password": f"w{i}"}, REMOTE_ADDR="10.3.0.1"
        )
        assert wrong.status_code == 200
    locked = client.post(
        "/accounts/login/", {"username": "carol", "password": "right-password-1"}, REMOTE_ADDR="10.3.0.1"
    )
    assert locked.status_code == 429 and locked["Retry-After"] == "900"


@pytest.mark.django_db
def test_repeated_sign_in_lockouts_back_off_to_an_hour(client, limits_on, monkeypatch):
    import django_ratelimit.core as ratelimit_core

    from rxanswers.web.limits import wait_words

    clock = {"now": 1_800_000_000.0}

    class Clock:
        @staticmethod
        def time() -> float:
            return clock["now"]

    monkeypatch.setattr(ratelimit_core, "time", Clock)
    while (
        ratelimit_core._get_window("bob", 3600) - clock["now"] < 2400
    ):  # 40 minutes left in bob's hour window
        clock["now"] += 60

    def attempt(n: int):
        return client.post(
            "/accounts/login/", {"username": "bob", "password": f"w{n}"}, REMOTE_ADDR=f"10.2.{n}.1"
        )

    assert [attempt(n).status_code for n in range(5)] == [200] * 5
    first = attempt(5)  # refused, and still counted by the hour and day tiers
    assert first.status_code == 429 and first["Retry-After"] == "900"
    clock["now"] += 16 * 60  # the 15-minute wait is over
    assert [attempt(n).status_code for n in range(6, 10)] == [200] * 4
    second = attempt(10)
    assert (
        second.status_code == 429 and second["Retry-After"] == "3600" and "1 hour" in second.content.decode()
    )
    assert wait_words(86400) == "1 day" and wait_words(900) == "15 minutes"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/ask")["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "frame-ancestors 'none'" in policy
        and "script-src 'self'" in policy
    )


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    env = dict(
        os.environ,
        RXANSWERS_SECRET_KEY="x" * 60 + "production-like-secret-for-the-check",
        RXANSWERS_DEBUG="",
        RXANSWERS_HTTPS="1",
        RXANSWERS_BEHIND_PROXY="1",
        RXANSWERS_ALLOWED_HOSTS="drugs.example.org",
        RXANSWERS_CSRF_TRUSTED_ORIGINS="https://drugs.example.org",
        RXANSWERS_VAR_DIR=str(tmp_path),
        RXANSWERS_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_sign_in_through_a_tls_terminating_proxy_works(client, settings, django_user_model):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://drugs.example.org"]
    settings.ALLOWED_HOSTS = ["drugs.example.org"]
    django_user_model.objects.create_user("proxyuser", password="Proxy-Passw0rd!")
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/accounts/login/", HTTP_HOST="drugs.example.org", HTTP_X_FORWARDED_PROTO="https")
    token = page.cookies["csrftoken"].value
    response = browser.post(
        "/accounts/login/",
        {"username": "proxyuser", "password": "Proxy-Passw0rd!", "csrfmiddlewaretoken": token},
        HTTP_HOST="drugs.example.org",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ORIGIN="https://drugs.example.org",
        HTTP_REFERER="https://drugs.example.org/accounts/login/",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_api_posts_must_be_json_and_oversized_bodies_get_a_json_413(client, settings):
    plain = client.post("/api/v1/answers", "question=hi", content_type="text/plain")
    assert plain.status_code == 415 and "application/json" in plain.json()["detail"]
    form = client.post("/api/v1/interactions", {"drugs": "a"})
    assert form.status_code == 415
    big = client.post(
        "/api/v1/answers",
        '{"question": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}',
        content_type="application/json",
    )
    assert big.status_code == 413 and "larger than" in big.json()["detail"]


@pytest.mark.django_db
def test_read_only_api_is_usable_cross_origin_and_robots_txt(client):
    response = client.get("/api/v1/drugs", {"q": "metformin"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/ask")
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /review/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


@pytest.mark.django_db
def test_editorial_writes_are_limited_per_user(client, limits_on, django_user_model):
    user = django_user_model.objects.create_user("writer", password="pw-for-tests-only")
    client.force_login(user)
    codes = [client.post("/review/new/", {"question": ""}).status_code for _ in range(61)]
    assert 429 not in codes[:60] and codes[60] == 429
