from django.db.migrations.operations.special import RunPython

__all__ = ["RunPython"]
