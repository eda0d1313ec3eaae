import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "t9$Vq2#mLw8!pZr4@kXe7^bNc1&hJs6*yFu3(dGa5)oTi0_vRl-Kq=Wm+Ex" * 2,
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/prod",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "broker.example.com",
    "BROKER_NAME": "Broker K.K.",
    "BROKER_ADDRESS": "1-1 Minato, Yokohama",
    "BROKER_BANK_ACCOUNT": "Bank, SWIFT XXXXJPJT, 1234567",
}


def _manage(*args, env_overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMBEDDED_POSTGRES_IN_USE", "EMBEDDED_REDIS_IN_USE",
                          "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PROD_ENV.items() if key != "SECRET_KEY"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_or_dev_secret_key():
    result = _manage("check", env_overrides={**PROD_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be a long random value" in result.stderr


def test_production_refuses_to_start_without_the_bank_account_papers_print():
    env = {key: value for key, value in PROD_ENV.items() if key != "BROKER_BANK_ACCOUNT"}
    result = _manage("check", env_overrides={**env, "BROKER_BANK_ACCOUNT": ""})
    assert result.returncode != 0
    assert "BROKER_BANK_ACCOUNT must be set in production" in result.stderr


def test_production_settings_pass_check_deploy_with_nothing_reported():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_has_debug_off_and_never_starts_embedded_services():
    code = ("import os; from django.conf import settings; "
            "print(settings.DEBUG, os.environ.get('EMBEDDED_POSTGRES_IN_USE'), os.environ.get('EMBEDDED_REDIS_IN_USE'))")
    result = _manage("shell", "-c", code, env_overrides=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False None None"


def test_importing_settings_starts_nothing(tmp_path):
    """Settings are data: without DATABASE_URL they refuse, and no server is started or data dir made."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env["EMBEDDED_DATA_DIR"] = str(tmp_path / "dev")
    result = subprocess.run([sys.executable, "-c", "import config.settings.local"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert not (tmp_path / "dev").exists()
