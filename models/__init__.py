"""Trained models shipped with criteria-nlp, installed as the data package ``nlp.models``."""
