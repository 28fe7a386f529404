from setuptools import setup

setup(name="bye")
