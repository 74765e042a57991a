"""Counting: pure Python, no Django. See README.md."""
