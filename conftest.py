"""Repository-wide pytest set-up, found from any working directory below the root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    # nbval reads this path relative to the working directory; make it absolute.
    if hasattr(config.option, "sanitize_with") and not config.option.sanitize_with:
        config.option.sanitize_with = str(ROOT / "tests" / "sanitize.cfg")
