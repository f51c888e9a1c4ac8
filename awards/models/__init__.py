"""The awards app's models: the catalogue and the yearly facts the engine reads (``catalogue``),
and the commendation workflow that writes them (``commendation``)."""

from awards.models.catalogue import *  # noqa: F403
from awards.models.catalogue import _ONE_HOLDER  # noqa: F401
from awards.models.commendation import *  # noqa: F403
