"""Writes for the collaboration app, one module per area; everything is importable from here."""

from .challenges import *  # noqa: F403
from .common import StaleEdit  # noqa: F401
from .forums import *  # noqa: F403
from .overlaps import *  # noqa: F403
from .platforms import *  # noqa: F403
