"""Stories (articles reporting one event) and narratives (stories sharing actors over weeks).

``StoryClusterer.add`` assigns one arriving article online; ``cluster`` re-clusters a whole
set; ``narratives`` and ``label`` describe the result.
"""

from .cluster import Item, Story, StoryClusterer, cluster
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
    "label",
    "load_model",
    "narratives",
]
