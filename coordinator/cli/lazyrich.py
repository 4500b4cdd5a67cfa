"""typer's help without the rich modules it never uses here.

``typer.rich_utils`` (imported for every ``--help`` and usage error) imports
``rich.markdown`` (markdown-it) and ``rich.traceback`` (pygments, ``rich.pretty``, attrs) at
module level: about 45 ms of CPU, a fifth of ``coord --help``. It uses ``Markdown`` only
when help is written in Markdown (``rich_markup_mode="markdown"``; coord's is rich markup)
and ``Traceback`` only for typer's pretty exceptions (coord turns them off).

:func:`install` adds an import finder that, while ``typer.rich_utils`` itself executes, gives
it stand-ins for those two modules: each name it imports from them is a class that imports
the real module when first called or read (``Markdown(...)`` is a real ``Markdown``). The
stand-ins leave ``sys.modules`` when that import ends, so any other import of
``rich.markdown`` gets the real module. Help and errors print exactly what they did.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any, cast

#: The module whose import is given stand-ins, and the modules it gets them for.
TARGET = "typer.rich_utils"
DEFERRED = ("rich.markdown", "rich.traceback")


class _Deferred(type):
    """A stand-in class: its attributes are the real class's (``Traceback.from_exception``)."""

    def __getattr__(cls, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(cls.__dict__["_real"](), attr)


def stand_in(module: str, name: str) -> type:
    """A class standing for ``module.name``: calling it builds the real class's instance."""

    def real() -> Any:
        return getattr(importlib.import_module(module), name)

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real()(*args, **kwargs)

    return _Deferred(name, (), {"__new__": new, "_real": staticmethod(real)})


def _stand_in_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)

    def attribute(attr: str) -> type:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return stand_in(name, attr)

    module.__dict__["__getattr__"] = attribute  # PEP 562: read on ``from module import X``
    return module


class _Loader:
    """Runs the real loader of ``typer.rich_utils`` with the stand-ins in ``sys.modules``
    (anything else, e.g. ``get_source``, is the real loader's)."""

    def __init__(self, real: Any):
        self.real = real

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.real, attr)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        created: types.ModuleType | None = self.real.create_module(spec)
        return created

    def exec_module(self, module: types.ModuleType) -> None:
        placed = {name: _stand_in_module(name) for name in DEFERRED if name not in sys.modules}
        sys.modules.update(placed)
        try:
            self.real.exec_module(module)
        finally:
            for name, stand_in_module in placed.items():
                if sys.modules.get(name) is stand_in_module:
                    del sys.modules[name]
            if _FINDER in sys.meta_path:  # its one import is done
                sys.meta_path.remove(_FINDER)


class _Finder:
    """Finds ``typer.rich_utils`` as the other finders do, and wraps its loader."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = cast("importlib.machinery.SourceFileLoader", _Loader(spec.loader))
        return spec


_FINDER = _Finder()


def install() -> None:
    """Give the import of ``typer.rich_utils`` its stand-ins (nothing if it is imported)."""
    if TARGET not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
