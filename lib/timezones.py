"""The time zone of the people who use the system: dates are shown, and calendar arithmetic done, in it."""

from zoneinfo import ZoneInfo

# Times are stored in UTC; settings.TIME_ZONE names the same zone for Django's own rendering.
HELSINKI = ZoneInfo("Europe/Helsinki")
