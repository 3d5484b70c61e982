"""The rule data of a component, read once and serialized with the pipeline.

A rule-driven component reads its rule files where its config says (``rules``, ``lexicon``: a
path; None: the packaged file in ``nlp/resources/``), validated by the loaders of ``nlp.rules``
(a bad file raises ``RuleFileError`` naming it). ``to_disk``/``to_bytes`` write the rules as
loaded and ``from_disk``/``from_bytes`` read them back, all through spaCy's ``util.to_disk``...
with one serializer key, ``rules``: ``exclude=["rules"]`` leaves them out (a folder saved that
way holds no rule file, and loading with it keeps the rules the config names).

The files are read on first use, not in ``__init__``: ``spacy.load`` builds each component from
its config and then calls ``from_disk``, so a saved pipeline reads only its own folder, never
the path its config named when it was built (which may be gone). ``load_rules()`` reads them at
once (``nlp.pipeline.build`` does, so a bad path fails there).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from spacy import util

KEY = "rules"


class RuleData:
    """Mixin: a component whose state is the rule files ``rule_files`` names.

    A subclass calls ``_rules_from(sources)`` in ``__init__`` (file name -> config path or None),
    names in ``rule_attrs`` the attributes its rules set (reading one of them reads the rules),
    and implements ``_read_rules`` (file name -> path or None: validate, rebuild) and
    ``_rule_texts`` (file name -> the file's text, of the rules as loaded).
    """

    rule_files: ClassVar[tuple[str, ...]]
    rule_attrs: ClassVar[frozenset[str]]

    def _read_rules(self, paths: dict[str, Path | None]) -> None:
        raise NotImplementedError

    def _rule_texts(self) -> dict[str, str]:
        raise NotImplementedError

    def _rules_from(self, sources: dict[str, str | Path | None]) -> None:
        """Where the rules come from; read on first use (``load_rules``)."""
        self._rule_sources = {name: None if sources.get(name) is None else Path(sources[name])
                              for name in self.rule_files}

    def load_rules(self) -> None:
        """Read and validate the configured rule files now, unless rules are loaded already."""
        sources = self.__dict__.get("_rule_sources")
        if sources is not None:
            self._set_rules(sources)

    def _set_rules(self, paths: dict[str, Path | None]) -> None:
        # Cleared while reading, so that reading a rule attribute cannot start another read; put
        # back when the read fails, so that the next use fails the same way, naming the file.
        sources, self._rule_sources = self.__dict__.get("_rule_sources"), None
        try:
            self._read_rules(paths)
        except Exception:
            self._rule_sources = sources
            raise

    def __getattr__(self, name: str) -> Any:
        # Reached only for an attribute not set yet: one of the rules' before they are read.
        if name in type(self).rule_attrs and self.__dict__.get("_rule_sources") is not None:
            self.load_rules()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def to_disk(self, path, *, exclude=()) -> None:
        def write(p: Path) -> None:
            for name, text in self._rule_texts().items():
                (p.parent / name).write_text(text, encoding="utf-8")

        util.to_disk(path, {KEY: write}, exclude)

    def from_disk(self, path, *, exclude=()):
        def read(p: Path) -> None:
            paths = {name: p.parent / name for name in self.rule_files}
            if any(file.exists() for file in paths.values()):  # none: saved with exclude=["rules"]
                self._set_rules(paths)

        util.from_disk(path, {KEY: read}, exclude)
        return self

    def to_bytes(self, *, exclude=()) -> bytes:
        return util.to_bytes({KEY: self._rule_texts}, exclude)

    def from_bytes(self, data: bytes, *, exclude=()):
        def read(texts: dict[str, str]) -> None:
            with tempfile.TemporaryDirectory() as folder:
                for name, text in texts.items():
                    (Path(folder) / name).write_text(text, encoding="utf-8")
                self._set_rules({name: Path(folder) / name for name in self.rule_files})

        util.from_bytes(data, {KEY: read}, exclude)
        return self


class RuleFile(RuleData):
    """A component with one rule file: it names the file (``rule_file``), its loader
    (``rule_loader``, from ``nlp.rules``) and its rebuild method ``_build(rules)``, which sets
    ``self.rules`` and what is compiled from them (listed in ``rule_attrs``)."""

    rule_file: ClassVar[str]
    rule_loader: ClassVar[Callable[..., Any]]
    # How the loaded rules are written back (``model_dump`` arguments).
    dump_options: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "rule_file" in cls.__dict__:
            cls.rule_files = (cls.rule_file,)

    def _build(self, rules) -> None:
        raise NotImplementedError

    def _read_rules(self, paths: dict[str, Path | None]) -> None:
        path = paths[self.rule_file]
        loader = type(self).rule_loader
        self._build(loader() if path is None else loader(path))

    def _rule_texts(self) -> dict[str, str]:
        data = self.rules.model_dump(**self.dump_options)
        return {self.rule_file: json.dumps(data, indent=1, ensure_ascii=False)}
