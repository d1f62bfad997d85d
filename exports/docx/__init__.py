"""The report as a department submits it, in Word."""
