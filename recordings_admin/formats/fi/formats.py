# <input type="date"> takes and gives only yyyy-mm-dd, whatever the page's
# language: rendering a date field in the Finnish "21.2.2027" would leave the
# browser's date picker empty. Typed Finnish dates are still accepted.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
