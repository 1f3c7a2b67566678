"""Document renderers built from plain data (reportlab)."""
