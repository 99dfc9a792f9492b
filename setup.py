"""Package discovery for setuptools; everything else is in pyproject.toml.

`knowledge/` stays a top-level folder of the repository (curated data, edited by people) and is
shipped inside the package as `bot/knowledge/`, so a plain `pip install .` answers from any
directory. bot.guide.knowledge looks there first and beside `bot/` in a checkout.
"""

from setuptools import find_namespace_packages, find_packages, setup

KNOWLEDGE = ["bot.knowledge", *(f"bot.knowledge.{p}" for p in find_namespace_packages("knowledge"))]

setup(
    packages=find_packages(include=["bot", "bot.*", "plugins", "plugins.*"]) + KNOWLEDGE,
    package_dir={"bot.knowledge": "knowledge"},
)
