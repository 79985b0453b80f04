"""Validation rules, one module per subject; each registers itself with
:func:`pipeline.validate.rule`."""
