"""Fixed vocabularies shared by the catalog parsers and the analysis cores (pure; no Django).

The model choices in `models.py` carry the same codes with their display labels.
"""

DIMENSIONS = (
    "language",
    "culture",
    "platform_rules",
    "regulation",
    "customs",
    "payment_fx",
    "logistics",
    "data",
    "marketing",
    "emerging_models",
)
