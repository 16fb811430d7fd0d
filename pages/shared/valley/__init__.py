"""Helpers of the lesson "Two runs, one valley" (pages/valley.py): the live pair, its cache, the computed
sentences and the page's sections."""
