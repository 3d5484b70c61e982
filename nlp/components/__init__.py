"""The pipeline's registered components. Importing any of their modules declares the custom
attributes (``nlp.extensions``), so a saved pipeline whose factories spaCy finds through the
package's entry points (``spacy_factories`` in pyproject.toml) runs without ``import nlp``."""

from .. import extensions  # noqa: F401
