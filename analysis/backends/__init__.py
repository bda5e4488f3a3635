"""Queue backends: which task queue a project runs and how work is handed to it."""

from __future__ import annotations

from .detect import BACKENDS, QUEUES, QueueSetup, declared_dependencies, detect, full_name, task_names

__all__ = ["BACKENDS", "QUEUES", "QueueSetup", "declared_dependencies", "detect", "full_name", "task_names"]
