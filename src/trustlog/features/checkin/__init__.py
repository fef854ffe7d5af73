"""The evening check-in and what brings a person to it: reminders, the timer, the shell hook."""
