"""Every published figure, and the disclosure control that decides which may be shown."""
