"""The return kinds this installation collects: `settings.PANORAMA_RETURN_KINDS`, loaded once."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .kinds import ReturnKind


class UnknownKind(LookupError):
    pass


@cache
def _load(paths: tuple[str, ...]) -> dict[str, ReturnKind]:
    kinds: dict[str, ReturnKind] = {}
    for path in paths:
        kind = import_string(path)
        if not isinstance(kind, ReturnKind):
            raise TypeError(f"{path} is not a ReturnKind")
        if kind.slug in kinds:
            raise ValueError(f"Two return kinds are called {kind.slug!r}")
        kinds[kind.slug] = kind
    return kinds


def kinds() -> dict[str, ReturnKind]:
    return _load(tuple(settings.PANORAMA_RETURN_KINDS))


def kind_list() -> list[ReturnKind]:
    return sorted(kinds().values(), key=lambda k: k.label.lower())


def kind_get(slug: "str | ReturnKind") -> ReturnKind:
    if isinstance(slug, ReturnKind):
        return slug
    try:
        return kinds()[slug]
    except KeyError:
        known = ", ".join(sorted(kinds())) or "none yet"
        raise UnknownKind(f"There is no return kind called {slug!r}. The kinds are: {known}.") from None
