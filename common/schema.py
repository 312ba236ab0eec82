"""The base of every data file's schema: immutable records, validated by pydantic when a file is read.

Not pydantic models (nor dataclasses) because the built data (common/built.py) are made of them: a
command answered from that cache imports no pydantic (~0.1 s) and creates its ~60 record classes
in no time (a frozen dataclass execs six generated methods: ~1,5 ms a class here). A record's fields
are its annotations, base classes' first. Constraints are written `Annotated[type, Limits(…)]` or
`Annotated[type, Convert(…)]`: markers that pydantic reads when it builds a validator."""

import functools
import typing
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

S = TypeVar("S", bound="Strict")
_REQUIRED = object()


@dataclass_transform(frozen_default=True, kw_only_default=True)
class Strict:
    """Keyword-only, immutable, compared and hashed by value; unknown fields are refused, also when validated."""

    _config: dict[str, Any] = {}    # pydantic core config for the validator (e.g. str_strip_whitespace)
    _fields: dict[str, Any] = {}    # every field, in order → its default (_REQUIRED when none)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = {name: vars(cls).get(name, _REQUIRED) for name in vars(cls).get("__annotations__", {})
               if not name.startswith("_")}
        cls._fields = {**cls._fields, **own}

    def __init__(self, **values: Any) -> None:
        unknown = values.keys() - self._fields.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(unknown)}")
        for name, default in self._fields.items():
            value = values.get(name, default)
            if value is _REQUIRED:
                raise TypeError(f"{type(self).__name__}: missing field {name}")
            self.__dict__[name] = value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    __delattr__ = __setattr__

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self), *vars(self).values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    @classmethod
    def model_validate(cls: type[S], data: Any) -> S:
        """`data` (as read from YAML) checked and converted; raises pydantic.ValidationError."""
        return adapter(cls).validate_python(data)

    def model_copy(self: S, update: dict[str, Any] | None = None) -> S:
        """A copy with the fields of `update` replaced (not validated), as pydantic's model_copy."""
        return type(self)(**{**vars(self), **(update or {})})

    def model_dump(self) -> dict[str, Any]:
        """The fields as a dict, records inside turned into dicts too."""
        return {name: _dumped(value) for name, value in vars(self).items()}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """A dict with exactly these fields, validated field by field, then made a record."""
        from pydantic_core import core_schema

        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {name: core_schema.typed_dict_field(handler.generate_schema(hints[name]),
                                                     required=default is _REQUIRED)
                  for name, default in cls._fields.items()}
        checked = core_schema.typed_dict_schema(fields, extra_behavior="forbid", config=cls._config or None)
        return core_schema.no_info_after_validator_function(lambda values: cls(**values), checked)


def _dumped(value: Any) -> Any:
    if isinstance(value, Strict):
        return value.model_dump()
    if isinstance(value, (list, tuple)):
        return type(value)(_dumped(v) for v in value)
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    return value


@functools.cache
def adapter(kind: Any) -> Any:
    """The pydantic validator of a type (a Strict class, `list[Strict]`, `dict[str, Strict]`…), built once."""
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


class Limits:
    """Limits on a value, named as in pydantic's core schema: `pattern`, `min_length`, `max_length` (texts,
    lists), `ge`, `le`, `gt`, `lt` (numbers); a value outside gets pydantic's usual error."""

    def __init__(self, **limits: Any) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return {**handler(source), **self.limits}


def limits(cls: type, name: str) -> dict[str, Any]:
    """The Limits written on field `name` of `cls`, merged ({"ge": 0, "le": 100}; {} if none)."""
    found: dict[str, Any] = {}
    todo = [typing.get_type_hints(cls, include_extras=True).get(name)]
    while todo:
        hint = todo.pop()
        found.update(*(m.limits for m in getattr(hint, "__metadata__", ()) if isinstance(m, Limits)))
        todo.extend(typing.get_args(hint))
    return found


class Convert:
    """A function pydantic runs on a value, after its type is checked or (`before`) on the raw input
    (« 0,5 » → "0.5"): it returns the value, converted or not, or raises ValueError with a French message."""

    def __init__(self, function: Callable[[Any], Any], before: bool = False) -> None:
        self.function, self.before = function, before

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        wrap = (core_schema.no_info_before_validator_function if self.before
                else core_schema.no_info_after_validator_function)
        return wrap(self.function, handler(source))
