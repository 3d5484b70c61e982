"""A fixed, seeded batch of generated criteria texts as records."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from ..records import Record
from .layout import criteria_texts


def _draw(strategy: st.SearchStrategy[str], n: int, seed: int) -> list[str]:
    """n examples of strategy, drawn by hypothesis's engine under a fixed seed."""
    drawn: list[str] = []

    @settings(max_examples=n, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, derandomize=False)
    @hypothesis_seed(seed)
    @given(strategy)
    def collect(text: str) -> None:
        drawn.append(text)

    collect()
    return drawn


def generated_records(n: int, seed: int = 0) -> list[Record]:
    """n distinct generated criteria texts as records ``gen-00001``..., deterministic for a seed.
    When the engine gives fewer distinct texts than asked, further seeds draw the rest."""
    texts: list[str] = []
    seen: set[str] = set()
    strategy = criteria_texts()
    for attempt in range(1000):
        if len(texts) >= n:
            break
        missing = n - len(texts)
        count = missing if attempt == 0 else max(missing, 100)
        for text in _draw(strategy, count, seed + attempt * 1_000_003):
            if text not in seen:
                seen.add(text)
                texts.append(text)
                if len(texts) == n:
                    break
    else:
        raise RuntimeError(f"only {len(texts)} distinct texts of {n} could be generated")
    return [Record(id=f"gen-{i:05d}", text=text, source=f"generated:seed={seed}", position=i - 1)
            for i, text in enumerate(texts, 1)]
