"""Stories (articles reporting one event) and narratives (stories sharing actors over weeks).

``StoryClusterer.add`` assigns one arriving article online; ``cluster`` re-clusters a whole
set (online pass, re-placement pass, story merge pass, average-link pass); ``merge_stories``
runs the last two on any state; ``estimate_dates`` dates undated articles from their dated
neighbours; ``narratives`` and ``label`` describe the result.
"""

from .cluster import Item, Story, StoryClusterer, cluster
from .dates import estimate_dates
from .merge import merge_stories
from .model import FEATURES, MergeModel, load_model
from .narratives import StoryLabel, label, narratives

__all__ = [
    "FEATURES",
    "Item",
    "MergeModel",
    "Story",
    "StoryClusterer",
    "StoryLabel",
    "cluster",
    "estimate_dates",
    "label",
    "load_model",
    "merge_stories",
    "narratives",
]
