"""One error hierarchy (issue 12): every exception class delib defines lives in
``delib/errors.py`` and derives from :class:`DelibError`."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from delib.errors import DelibError

PACKAGES = ("parsers", "pipeline", "schemas", "delib")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        mod = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(mod.__path__, f"{package}."):
            names.append(info.name)
    return names


def _exception_classes() -> list[type[BaseException]]:
    found = {}
    for name in _modules():
        try:
            mod = importlib.import_module(name)
        except ImportError:  # an optional extra (dask) not installed
            continue
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__.split(".")[0] in PACKAGES:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


# Must also derive from a library's exception, which delib/errors.py does not import.
# (A private class, one that never leaves its module, may stay beside its use.)
FOREIGN_BASE = {"pipeline.query.QueryRefusedError"}


def test_every_error_is_defined_in_errors_module() -> None:
    strays = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _exception_classes()
        if cls.__module__ != "delib.errors" and not cls.__name__.startswith("_")
    ]
    assert sorted(strays) == sorted(FOREIGN_BASE)


def test_every_error_derives_from_the_base() -> None:
    outside = [cls.__qualname__ for cls in _exception_classes() if not issubclass(cls, DelibError)]
    assert outside == []
    assert len(_exception_classes()) >= 12  # the scan found them (it cannot pass on nothing)


def test_parsers_do_not_load_the_analyst_api() -> None:
    # parsers import delib.errors; that must not drag pandas/DuckDB into every worker
    import subprocess
    import sys

    code = "import parsers.load, sys; print('delib.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
