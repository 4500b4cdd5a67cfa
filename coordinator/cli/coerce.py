"""Command-line values converted without pydantic, so a command starts fast.

typer 0.29 converts every parameter's value through a pydantic ``TypeAdapter`` built on
first use: importing pydantic's validation machinery and building the adapters costs more
than all of typer. Our parameters are plain (``str``, ``bool``, ``int``, ``float``,
``Path`` and lists of those, with no custom parser), so :func:`use_plain_coercion` gives
each such parameter a converter that does the same in a few lines.

A value the plain converter is not sure of (``"1e3"`` for an int, a non-string) goes to
typer's own converter, which reports it in typer's words, at pydantic's cost, and only then;
a number it cannot read, or one out of an option's range, is said in a user's words
(``Invalid value for '--limit': 'abc' is not a whole number``, ``Invalid value for
'--min-accuracy': must be at most 100 (got 101)``), not pydantic's ("Input should be less
than or equal to 100", said of ``nan`` too).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

from coordinator.errors import below_bound

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
_LEAVES = (str, bool, int, float, Path)
#: Parameter settings that change how typer converts a value: left to typer.
_SPECIAL = ("parser", "click_type", "path_type", "clamp", "allow_dash", "formats")


class _Unsure(Exception):
    """The plain converter leaves this value to typer's."""


class PlainParam(RuntimeParam):
    """Converts a plain parameter's value like typer does, without building a TypeAdapter."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation: Any = self.annotation
        try:
            if get_origin(annotation) is list:
                (leaf,) = get_args(annotation)
                items = value if isinstance(value, list | tuple) else [value]
                return [self._leaf(leaf, item, param, ctx) for item in items]
            return self._leaf(annotation, value, param, ctx)
        except _Unsure:
            typer_own = build_runtime_param(param.type_descriptor)
            try:
                return typer_own._coerce_value(value, param=param, ctx=ctx)
            except BadParameter:
                if annotation not in (int, float) or not isinstance(value, str):
                    raise
                with contextlib.suppress(ValueError):
                    number = annotation(value)  # a number ("nan", "1e3"), refused
                    if (error := self._range_error(number)) is None:
                        raise  # for another reason than its range: typer's words
                    raise BadParameter(error, ctx=ctx, param=param) from None
                # pydantic's "Input should be a valid integer, unable to parse string as an
                # integer": said in a user's words, the value quoted
                what = "a whole number" if annotation is int else "a number"
                raise BadParameter(f"'{value}' is not {what}", ctx=ctx, param=param) from None

    def _leaf(self, kind: Any, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if isinstance(value, bool) or kind is bool:
            if kind is bool and isinstance(value, bool):
                return value
            raise _Unsure
        if kind is Path and isinstance(value, str | Path):
            return coerce_cli_path(
                given_path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx
            )
        if kind is str and isinstance(value, str):
            return value
        if isinstance(value, str):
            if not (_INT if kind is int else _FLOAT).fullmatch(value):
                raise _Unsure
            value = kind(value)
        if kind is float and type(value) is int:
            value = float(value)
        if kind not in (int, float) or type(value) is not kind:
            raise _Unsure
        return self._in_range(value, param, ctx)

    def _in_range(self, number: float, param: _TyperParameter, ctx: Context) -> float:
        if (error := self._range_error(number)) is not None:
            raise BadParameter(error, ctx=ctx, param=param)
        return number

    def _range_error(self, number: float) -> str | None:
        """Why ``number`` is out of the option's ``min``/``max`` (NaN is in no range), in the
        words a setting's error says it (``must be at most 100 (got 101)``), or None."""
        low, high = self.parameter_info.min, self.parameter_info.max
        if low is not None and (error := below_bound(number, low)) is not None:
            return error
        if high is not None and number > high:
            return f"must be at most {high:g} (got {number:g})"
        return None


def given_path(value: str | Path) -> Path:
    """A path option's value as typed: ``-`` stays ``-`` (standard input, for the options
    that read it); any other spelling that Path would shorten to ``-`` (``./-``, how a file
    named ``-`` is reached) is that file, made absolute, never standard input."""
    path = Path(value)
    if path == Path("-") and str(value) != "-":
        return path.absolute()
    return path


def is_plain(param: Any) -> bool:
    """True for a typer parameter whose values :class:`PlainParam` converts."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.file_annotation is not None:
        return False
    info = descriptor.parameter_info
    if any(getattr(info, name, None) for name in _SPECIAL):
        return False
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        args = get_args(annotation)
        return len(args) == 1 and args[0] in _LEAVES and args[0] is not bool
    return annotation in _LEAVES


def use_plain_coercion(command: Any) -> None:
    """Give every plain parameter of ``command`` (and of its subcommands) the plain converter."""
    for param in getattr(command, "params", []):
        use_plain_converter(param)
    for sub in getattr(command, "commands", {}).values():
        use_plain_coercion(sub)


def use_plain_converter(param: Any) -> None:
    """Give one parameter the plain converter, when it is plain."""
    if is_plain(param) and getattr(param, "_runtime_param", None) is None:
        descriptor = param.type_descriptor
        param._runtime_param = PlainParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
        )
