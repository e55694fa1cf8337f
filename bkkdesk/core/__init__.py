"""Domain core: data-set definitions, field types, validation, Thai dates and IDs (pure Python)."""
