"""What a matcher needs beyond the spans: the modality of a clause (obligation, permission) and the
logic that joins a criterion's entities and thresholds. Plain functions; the ``criteria_modality``
and ``criteria_logic`` components map a Doc to them."""

from ..schema import entity_id, threshold_id
from .modality import Cue, modality_of, requirement_for
from .reader import LogicReader
from .tree import Leaf, build_logic, child_logic

__all__ = ["Cue", "Leaf", "LogicReader", "build_logic", "child_logic", "entity_id", "modality_of",
           "requirement_for", "threshold_id"]
