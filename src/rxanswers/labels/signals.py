"""Signals other apps listen to (review uses ``label_current_changed`` to start re-review)."""

from django.dispatch import Signal

# Sent after commit with ``changes``: list of (label_id, old_current_version_id | None, new_current_version_id).
label_current_changed = Signal()
