"""Excel export, import and templates (no Qt, no database).

The public API (import the module you need; nothing is imported here, so that
``import bkkdesk.excel`` stays cheap):

- :func:`bkkdesk.excel.export.export_records` (+ ``ExportOptions``, ``ExportResult``,
  ``ExportCancelled``): stream records to a formatted xlsx, atomically.
- :func:`bkkdesk.excel.template.write_template`: an empty fill-in workbook.
- :func:`bkkdesk.excel.importer.import_workbook` (+ ``ImportResult``, ``read_rows``,
  ``ImportCancelled``) and :class:`bkkdesk.excel.reader.ImportLimits` /
  ``ImportFileError``: read and validate an xlsx or CSV file; pure.
- :func:`bkkdesk.excel.csvread.read_csv_rows`: CSV rows (UTF-8/UTF-8-BOM/cp874/UTF-16).
- :func:`bkkdesk.excel.errorbook.write_error_workbook`: the rows again, bad cells red.
- :func:`bkkdesk.excel.reports.write_kpi_reports`: KPI forms D and C.

Layering (DESIGN.md): this package imports only ``bkkdesk.core``; the callers (CLI,
desktop app, server) read and write the database.
"""
