"""Reads for the collaboration app, one module per area; everything is importable from here
(`collaboration.selectors.forum_actions_for_commitment`)."""

from .challenges import *  # noqa: F403
from .forums import *  # noqa: F403
from .overlaps import *  # noqa: F403
from .platforms import *  # noqa: F403
