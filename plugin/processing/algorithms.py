"""Every algorithm of the Overblikskort Processing provider."""
from .export_algorithm import ExportSubmission
from .send_algorithm import SendSubmission
from .validate_algorithm import ValidateWorkspace

ALGORITHMS = (ValidateWorkspace, ExportSubmission, SendSubmission)
