"""Plain data and back: model values as JSON types, and rebuilt from them only after checking.

``plain`` turns a value (dataclasses, tuples, sets, paths, str, int …) into JSON
types; ``decoder(tp)`` turns such data back into a ``tp``, checking every value
against the type its dataclass declares, and raises ``Invalid`` on anything else.
It never runs or imports anything the data names: which classes are built is
decided by ``tp`` alone. Used by ``cache`` for what it reads back from disk.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
import types
import typing
from pathlib import PurePath
from typing import Callable, Sequence

__all__ = ["Invalid", "decoder", "plain"]


class Invalid(Exception):
    """Cached data that does not have the shape its type declares."""


def plain(value: object) -> object:
    """``value`` as JSON types: dataclasses as lists of their fields, tuples and sets as lists.

    Raises ``TypeError`` for anything else (the value is then not cached).
    """
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if kind is tuple or kind is list:
        return [plain(v) for v in value]
    if kind is frozenset or kind is set:
        return sorted(plain(v) for v in value)
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise TypeError("only str keys are cached")
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [plain(getattr(value, name)) for name in _field_names(kind)]
    raise TypeError(f"{kind.__name__} is not cached")


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    found = _FIELDS.get(cls)
    if found is None:
        fields = dataclasses.fields(cls)
        if any(not f.init for f in fields):
            raise TypeError(f"{cls.__name__} has fields its constructor does not take")
        found = _FIELDS[cls] = tuple(f.name for f in fields)
    return found


_COLUMNS: dict[object, Callable[[Sequence], list]] = {}


def decoder(tp: object) -> Callable[[object], object]:
    """A function turning ``plain(x)`` back into ``x`` of type ``tp``; it raises ``Invalid`` on data of another shape.

    ``tp`` may be str, int, bool, float, None, a path class, a dataclass, or
    tuple/list/frozenset/dict/union of those; anything else raises ``TypeError``.
    """
    column = _column(tp)
    return lambda x: column((x,))[0]


def _column(tp: object) -> Callable[[Sequence], list]:
    """A function decoding a whole column of plain values of type ``tp`` at once (see ``_make_column``)."""
    found = _COLUMNS.get(tp)
    if found is None:
        found = _COLUMNS[tp] = _make_column(tp)
    return found


def _invalid(what: str, value: object = None) -> Invalid:
    return Invalid(f"expected {what}")


def _exact(tp: object) -> frozenset[type] | None:
    """The types a plain value of ``tp`` may have when ``tp`` needs no conversion (str, int | None …)."""
    if tp in (str, int, bool):
        return frozenset((tp,))
    if tp is None or tp is type(None):
        return frozenset((type(None),))
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        parts = [_exact(a) for a in typing.get_args(tp)]
        if all(parts):
            return frozenset().union(*parts)
    return None


def _make_column(tp: object) -> Callable[[Sequence], list]:  # noqa: C901 — one branch per kind of type
    # Values are decoded a column at a time: the snippets' ids together, their
    # origins together. Types are checked and objects built by C-level builtins
    # (set(map(type, …)), zip, map), not by a Python call per value: the library's
    # thousand objects are read back on every run.
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    exact = _exact(tp)
    if exact is not None:
        def plain_values(col):
            if not set(map(type, col)) <= exact:
                raise _invalid(str(tp))
            return col
        return plain_values
    if tp is float:
        def numbers(col):
            if not set(map(type, col)) <= {int, float}:
                raise _invalid("numbers")
            return list(map(float, col))
        return numbers
    if isinstance(tp, type) and issubclass(tp, PurePath):
        def paths(col, tp=tp):
            if not set(map(type, col)) <= {str}:
                raise _invalid("paths")
            return list(map(tp, col))
        return paths
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:  # X | None
            inner = _column(options[0])

            def optional(col):
                present = [v for v in col if v is not None]
                if len(present) == len(col):
                    return inner(col)
                decoded = iter(inner(present))
                return [None if v is None else next(decoded) for v in col]
            return optional
        nullable = len(options) < len(args)
        singles = [decoder(a) for a in options]

        def one(x):
            if x is None and nullable:
                return None
            for single in singles:
                try:
                    return single(x)
                except Invalid:
                    pass
            raise _invalid(str(tp))
        return lambda col: list(map(one, col))
    if origin in (tuple, list, frozenset, set) and (origin is not tuple or (len(args) == 2 and args[1] is Ellipsis)):
        make, item = origin, args[0]
        if item is str:
            def texts(col):
                if not set(map(type, col)) <= {list}:
                    raise _invalid("lists")
                try:
                    "".join(itertools.chain.from_iterable(col))  # TypeError unless every item is a str
                except TypeError:
                    raise _invalid("lists of texts") from None
                return list(map(make, col))
            return texts
        items = _column(item)

        def sequences(col):
            if not set(map(type, col)) <= {list}:
                raise _invalid("lists")
            decoded = iter(items(list(itertools.chain.from_iterable(col))))
            return [make(itertools.islice(decoded, n)) for n in map(len, col)]
        return sequences
    if origin is tuple:
        fields = [_column(a) for a in args]
        return _records(len(fields), fields, lambda rows: list(rows))
    if origin is dict:
        if args[0] is not str:
            raise TypeError(f"{tp}: only str keys are cached")
        values = _column(args[1])

        def mappings(col):
            if not set(map(type, col)) <= {dict}:
                raise _invalid("objects")
            decoded = iter(values(list(itertools.chain.from_iterable(d.values() for d in col))))
            return [dict(zip(d, itertools.islice(decoded, len(d)))) for d in col]
        return mappings
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_column(tp)
    raise TypeError(f"{tp!r} is not cached")


def _records(count: int, fields: list, build: Callable) -> Callable[[Sequence], list]:
    """Decode a column of lists of ``count`` values: each position as a column of its own, then ``build`` rows."""
    def records(col):
        if not set(map(type, col)) <= {list} or not set(map(len, col)) <= {count}:
            raise _invalid(f"lists of {count}")
        if not col:
            return []
        columns = [decode(values) for decode, values in zip(fields, zip(*col))]
        return build(zip(*columns))
    return records


_ANNOTATIONS: dict[tuple[str, str], object] = {}


def _hints(cls: type) -> dict[str, object]:
    """The dataclass's field types, as ``typing.get_type_hints`` gives them, for less.

    The package's modules use ``from __future__ import annotations``: each field type
    is a string of their own source, evaluated in the module's namespace as
    get_type_hints does, but each distinct string once (a third of the time).
    """
    namespace = vars(sys.modules[cls.__module__])
    out = {}
    for f in dataclasses.fields(cls):
        tp = f.type
        if isinstance(tp, str):
            key = (cls.__module__, tp)
            if key not in _ANNOTATIONS:
                _ANNOTATIONS[key] = eval(tp, namespace)  # noqa: S307 — the package's own annotation
            tp = _ANNOTATIONS[key]
        out[f.name] = tp
    return out


def _dataclass_column(cls: type) -> Callable[[Sequence], list]:
    hints = _hints(cls)
    names = _field_names(cls)
    fields = [_column(hints[name]) for name in names]
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        # a class that validates itself (or has no __dict__) gets its constructor
        return _records(len(names), fields, lambda rows: [cls(*row) for row in rows])
    new, set_attribute = object.__new__, object.__setattr__

    def build(rows):
        # what pickle does: each object's fields set at once, their values having been checked
        states = list(map(dict, map(zip, itertools.repeat(names), rows)))
        objects = list(map(new, itertools.repeat(cls, len(states))))
        list(map(set_attribute, objects, itertools.repeat("__dict__"), states))
        return objects
    return _records(len(names), fields, build)
