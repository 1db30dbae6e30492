import recordings.tests.conftest as recording_fixtures

# Real synthetic telephony audio, written by the recordings app's fixture.
audio_file = recording_fixtures.audio_file
