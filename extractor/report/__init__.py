"""The HTML review report: one self-contained page to look through extractions, their spans and their problems."""

from extractor.report.render import render_report, write_report
from extractor.report.sources import ReportInputError

__all__ = ["ReportInputError", "render_report", "write_report"]
