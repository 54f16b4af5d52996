"""The editions of the annual-report template, and the registry that declares them.

Every edition is declared once, as an :class:`EditionSpec` (id, template title and document
number, report years, layout, model, detection labels, crosswalk), in the registry of this
module. Everything that differs by edition follows from the registry: the report models and
their union, the JSON Schemas, the docs pages, the rules that apply, the parser's edition
scoring, the CLI's ``--edition`` choices and the edition names in error texts.

The two official editions are registered when the package is imported. Another edition (a
future revision of the template, or a local variant) is added at run time with
:func:`register_edition` and removed with :func:`unregister_edition`; no package module needs
editing. An :class:`Edition` is the edition's id string (``"2019"``, ``"2021"``); the official
ones are also reachable as ``Edition.TRIAL_2019`` and ``Edition.REV_2021``.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from govdisclosure.layout import ReportLayout
    from govdisclosure.models._core import ReportBase

_T = TypeVar("_T")

__all__ = [
    "EDITION_INFO",
    "Edition",
    "EditionInfo",
    "EditionSpec",
    "RegistryView",
    "edition_spec",
    "edition_specs",
    "editions_text",
    "is_official",
    "official_editions",
    "on_registry_change",
    "register_edition",
    "registry_generation",
    "unregister_edition",
]


class _EditionType(type):
    """Iterating over :class:`Edition` gives every registered edition, in registration order."""

    def __iter__(cls) -> Iterator[Edition]:
        return iter(tuple(s.edition for s in _REGISTRY.values()))

    def __len__(cls) -> int:
        return len(_REGISTRY)

    def __contains__(cls, value: object) -> bool:
        return isinstance(value, str) and str.__str__(value) in _REGISTRY

    def __getitem__(cls, name: str) -> Edition:
        for spec in _REGISTRY.values():
            if spec.name == name:
                return spec.edition
        raise KeyError(name)

    @property
    def __members__(cls) -> dict[str, Edition]:
        return {s.name: s.edition for s in _REGISTRY.values()}


class Edition(str, metaclass=_EditionType):
    """An edition of the annual-report template: its id, the string stored in a document's
    ``"edition"`` member.

    ``Edition("2021")`` returns the registered edition with that id (the same object every
    time, so ``is`` compares editions) and raises ``ValueError`` for an id that is not
    registered. ``for e in Edition`` iterates over the registered editions.
    """

    __slots__ = ()

    TRIAL_2019: ClassVar[Edition]
    """《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号 (report years 2019–2020)."""

    REV_2021: ClassVar[Edition]
    """《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号 (report years 2021 onward)."""

    def __new__(cls, value: object) -> Edition:
        if isinstance(value, Edition):
            return value
        if isinstance(value, str):
            spec = _REGISTRY.get(value)
            if spec is not None:
                return spec.edition
        raise ValueError(f"{value!r} is not a valid Edition (registered: {editions_text()})")

    @classmethod
    def _make(cls, value: str) -> Edition:
        # One object per id, registered or not yet, so that ``is`` compares editions.
        made = _INTERNED.get(value)
        if made is None:
            made = _INTERNED[value] = str.__new__(cls, value)
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Edition, (self.value,))

    @property
    def value(self) -> str:
        """The id, as a plain ``str``."""
        return str.__str__(self)

    @property
    def name(self) -> str:
        """The Python name of the edition (``REV_2021``)."""
        return edition_spec(self).name

    @property
    def spec(self) -> EditionSpec:
        """The edition's declaration."""
        return edition_spec(self)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        spec = _REGISTRY.get(self.value)
        return f"<Edition.{spec.name if spec else '(not registered)'}: {self.value!r}>"

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)


def _import(path: str) -> Any:
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True, eq=False)
class EditionSpec:
    """The one declaration of an edition.

    ``layout`` and ``model`` are objects, or ``"module:attribute"`` strings imported on first
    use (the official editions name their layout and model this way, since those modules import
    this one). ``model`` may be left out: a model is then derived from the layout (see
    :func:`govdisclosure.models.report_model`).
    """

    id: str
    """The value of a document's ``"edition"`` member (``"2021"``)."""
    name: str
    """A Python-style name (``REV_2021``); ``Edition.<name>`` is the edition for the official ones."""
    template: str
    """The template's official title, with its book-title marks."""
    document_number: str
    """文号 of the notice that issued the template."""
    title_en: str
    first_year: int
    """First report year the edition applies to."""
    last_year: int | None
    """Last report year the edition applies to (``None``: still in force)."""
    layout: ReportLayout | str
    """The edition's table layout (or its import path)."""
    model: type[ReportBase] | str | None = None
    """The edition's report model (or its import path); ``None``: derived from the layout."""
    label: str = ""
    """How the edition is named in a schema's ``edition`` member (``… revised template``)."""
    model_doc: str = ""
    """Docstring of a derived model (its schema ``description``)."""
    crosswalk_to: str | None = None
    """Id of the edition whose tables 三 and 四 this one maps onto, if any (2019 → 2021)."""
    detection_words: tuple[str, ...] = ()
    """Words the parser also counts as evidence of the edition, besides the labels only its
    layout prints (which are found from the layouts of every registered edition)."""
    edition: Edition = field(init=False, repr=False)
    _resolved: dict[str, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id or self.id != self.id.strip():
            raise ValueError(f"an edition id is a non-empty string without spaces, not {self.id!r}")
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"an edition name is a Python identifier, not {self.name!r}")
        layout_edition = getattr(self.layout, "edition", self.id)
        if layout_edition != self.id:
            raise ValueError(f"the layout is edition {str(layout_edition)!r}'s, not {self.id!r}'s")
        object.__setattr__(self, "edition", Edition._make(self.id))

    @property
    def info(self) -> EditionInfo:
        """The descriptive facts (for docs and messages)."""
        return self._cached(  # type: ignore[no-any-return]
            "info",
            lambda: EditionInfo(
                self.edition,
                self.template,
                self.document_number,
                self.title_en,
                self.first_year,
                self.last_year,
            ),
        )

    def get_layout(self) -> ReportLayout:
        """The layout (imported on first use when given as a path)."""
        if isinstance(self.layout, str):
            return self._cached("layout", lambda: _import(str(self.layout)))  # type: ignore[no-any-return]
        return self.layout

    def get_model(self) -> type[ReportBase]:
        """The report model: the one declared, else one derived from the layout (once)."""

        def build() -> Any:
            if isinstance(self.model, str):
                return _import(self.model)
            if self.model is not None:
                return self.model
            from govdisclosure.models import report_model

            return report_model(self)

        return self._cached("model", build)  # type: ignore[no-any-return]

    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._resolved:
            self._resolved[key] = build()
        return self._resolved[key]

    def covers_year(self, year: int) -> bool:
        """Whether reports on ``year`` are expected to follow this edition."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


class EditionInfo:
    """Descriptive facts about an edition (for docs and messages)."""

    __slots__ = ("document_number", "edition", "first_year", "last_year", "template", "title_en")

    def __init__(
        self,
        edition: Edition,
        template: str,
        document_number: str,
        title_en: str,
        first_year: int,
        last_year: int | None,
    ) -> None:
        self.edition = edition
        self.template = template
        self.document_number = document_number
        self.title_en = title_en
        self.first_year = first_year
        self.last_year = last_year

    def covers_year(self, year: int) -> bool:
        """Whether reports on ``year`` are expected to follow this edition."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


_REGISTRY: dict[str, EditionSpec] = {}
_INTERNED: dict[str, Edition] = {}
_OFFICIAL: tuple[str, ...] = ("2019", "2021")
_LOCK = threading.Lock()
_GENERATION = [0]


def registry_generation() -> int:
    """A number that changes whenever an edition is registered or removed (cache key)."""
    return _GENERATION[0]


_LISTENERS: list[Callable[[], object]] = []


def on_registry_change(callback: Callable[[], object]) -> None:
    """Call ``callback`` (e.g. a cache's ``cache_clear``) whenever an edition is registered or
    removed; modules that cache per-edition facts keep them current this way."""
    _LISTENERS.append(callback)


def _changed() -> None:
    _GENERATION[0] += 1
    for callback in tuple(_LISTENERS):
        callback()


def register_edition(spec: EditionSpec) -> Edition:
    """Add ``spec`` to the registry and return its :class:`Edition`.

    Raises ``ValueError`` when an edition with the same id or name is registered already.
    Layout facts are checked when used: the layout's ``edition`` must be ``spec``'s edition.
    """
    with _LOCK:
        if spec.id in _REGISTRY:
            raise ValueError(f"edition {spec.id!r} is registered already")
        if any(s.name == spec.name for s in _REGISTRY.values()):
            raise ValueError(f"an edition named {spec.name!r} is registered already")
        _REGISTRY[spec.id] = spec
    _changed()
    return spec.edition


def unregister_edition(edition: Edition | str) -> EditionSpec:
    """Remove a registered edition (not an official one) and return its declaration."""
    key = str.__str__(edition)
    with _LOCK:
        if key in _OFFICIAL:
            raise ValueError(f"the official edition {key!r} cannot be removed")
        spec = _REGISTRY.pop(key, None)
        if spec is None:
            raise KeyError(key)
    _changed()
    return spec


def edition_spec(edition: Edition | str) -> EditionSpec:
    """The declaration of ``edition``; raises ``ValueError`` when it is not registered."""
    spec = _REGISTRY.get(str.__str__(edition)) if isinstance(edition, str) else None
    if spec is None:
        raise ValueError(f"{edition!r} is not a valid Edition (registered: {editions_text()})")
    return spec


def edition_specs() -> tuple[EditionSpec, ...]:
    """Every registered edition's declaration, in registration order (official ones first)."""
    return tuple(_REGISTRY.values())


def official_editions() -> tuple[Edition, ...]:
    """The editions the national template defines (2019, 2021)."""
    return tuple(_REGISTRY[k].edition for k in _OFFICIAL)


def is_official(edition: Edition | str) -> bool:
    """Whether ``edition`` is one of the editions the national template defines."""
    return isinstance(edition, str) and str.__str__(edition) in _OFFICIAL


def editions_text(conj: str = "or") -> str:
    """The registered ids for a message: ``"2019" or "2021"``, ``"2019", "2021" or "2099"``."""
    ids = [f'"{e}"' for e in _REGISTRY]
    if len(ids) <= 1:
        return "".join(ids)
    return f"{', '.join(ids[:-1])} {conj} {ids[-1]}"


class RegistryView(Mapping[Edition, _T]):
    """A live, read-only mapping from every registered edition to one fact of its
    declaration (``fact(spec)``): ``EDITION_INFO``, ``layout.LAYOUTS`` and ``models.MODELS``
    are such views, so an edition registered later is in them at once."""

    def __init__(self, fact: Callable[[EditionSpec], _T]) -> None:
        self._fact = fact

    def __getitem__(self, key: Edition | str) -> _T:
        try:
            spec = edition_spec(key)
        except ValueError:
            raise KeyError(key) from None
        return self._fact(spec)

    def __iter__(self) -> Iterator[Edition]:
        return iter(Edition)

    def __len__(self) -> int:
        return len(_REGISTRY)


EDITION_INFO: Mapping[Edition, EditionInfo] = RegistryView(lambda spec: spec.info)
"""Descriptive facts of every registered edition (a live view of the registry)."""


def _official(spec: EditionSpec) -> Edition:
    register_edition(spec)
    setattr(Edition, spec.name, spec.edition)
    return spec.edition


_official(
    EditionSpec(
        id="2019",
        name="TRIAL_2019",
        template="《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        document_number="国办公开办函〔2019〕60号",
        title_en="Annual report format (trial), 2019",
        first_year=2019,
        last_year=2020,
        layout="govdisclosure.layout:LAYOUT_2019",
        model="govdisclosure.models.v2019:Report2019",
        label="国办公开办函〔2019〕60号 trial template",
        model_doc="A report following the 2019 trial template.",
        crosswalk_to="2021",
    )
)
_official(
    EditionSpec(
        id="2021",
        name="REV_2021",
        template="《中华人民共和国政府信息公开工作年度报告格式》",
        document_number="国办公开办函〔2021〕30号",
        title_en="Annual report format (revised), 2021",
        first_year=2021,
        last_year=None,
        layout="govdisclosure.layout:LAYOUT_2021",
        model="govdisclosure.models.v2021:Report2021",
        label="国办公开办函〔2021〕30号 revised template",
        model_doc="A report following the 2021 revised template.",
    )
)
