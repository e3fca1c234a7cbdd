"""Imported by the mutants' fork server (``warm.PRELOAD``): the explicit examples of every
class label of bad input, computed once, so no mutant run pays for finding them again."""

from __future__ import annotations

from ..server.families import label_classes

for _label_class in label_classes():
    _label_class.explicit_examples()
