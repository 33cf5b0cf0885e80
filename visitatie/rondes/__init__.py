"""Visitation cycles (models.py): below both planning and visitaties."""
