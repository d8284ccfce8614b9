"""Notifications: the outbox's events as e-mail to the kommune's contact address (optional, off
unless ``smtp_host`` is set), and the periodic check that announces newly overdue sites."""

from .mail import compose, deliver_pending
from .worker import Notifier

__all__ = ["Notifier", "compose", "deliver_pending"]
