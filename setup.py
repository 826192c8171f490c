# Kept for tools that still look for setup.py; the build is defined in pyproject.toml.
from setuptools import setup

setup()
