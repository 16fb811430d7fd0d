"""UI helpers shared by the pages (not pages themselves: app.py lists pages explicitly)."""
