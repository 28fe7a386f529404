import datetime
from pathlib import Path


def now():
    return datetime.datetime.now(tz=datetime.timezone.utc)  # a classmethod -> Self, on its class


def config_dir(base):
    if base is None:
        return None  # None calls nothing: the other return says what comes back
    return Path(base) / "config"


def maybe_path(base, fallback):
    if base:
        return Path(base)
    return fallback  # what a caller passes: unknown, so the result is too


def use(fallback):
    now().isoformat()
    config_dir("/etc").mkdir()
    maybe_path("/etc", fallback).exists()


def formset_factory(form, formset):
    return type(form.__name__ + "FormSet", (formset,), {"form": form})  # a class made at run time


def modelformset_factory(model, form, formset):
    made = formset_factory(form, formset)
    made.model = model
    return made


def make_formset(model, form, formset):
    formset_class = modelformset_factory(model, form, formset)
    return formset_class({})  # an instance of the made class: which, nothing says
