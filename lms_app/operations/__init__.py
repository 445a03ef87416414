"""Running the LMS: backups and restores."""
