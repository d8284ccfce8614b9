"""Every algorithm of the Overblikskort Processing provider."""

from .due_sites_algorithm import SitesToConfirm
from .export_algorithm import ExportSubmission
from .send_algorithm import SendSubmission
from .validate_algorithm import ValidateWorkspace

ALGORITHMS = (ValidateWorkspace, ExportSubmission, SendSubmission, SitesToConfirm)
