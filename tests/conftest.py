import recordings.tests.conftest as recording_fixtures
import subject_requests.tests.conftest as request_fixtures
import tests.every_page as every_page

# Real synthetic telephony audio, written by the recordings app's fixture.
audio_file = recording_fixtures.audio_file
make_recording = recording_fixtures.make_recording

# A data subject's calls and requests, as the request app's tests build them.
controller = request_fixtures.controller
new_request = request_fixtures.new_request
verify = request_fixtures.verify
subject_calls = request_fixtures.subject_calls
searched_request = request_fixtures.searched_request

# The data behind every page of the app, for the tests that walk them all.
world = every_page.world
