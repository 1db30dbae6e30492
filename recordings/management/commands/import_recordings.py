"""Import a folder of recordings with their call metadata (the sidecar or manifest formats of recordings.sidecars)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from recordings.errors import RecordingError
from recordings.services import parse_call_metadata, recording_ingest, stored_copy
from recordings.sidecars import collect
from registers.models import Register


class Command(BaseCommand):
    help = "Import a folder of audio files with JSON sidecars (or a manifest.csv) into a register."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("folder")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, slug, folder, no_progress=False, **options):
        register = Register.objects.filter(slug=slug).first()
        if register is None:
            raise CommandError(f"no register with slug “{slug}”")
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"“{folder}” is not a folder")
        items = collect(root)
        if not items:
            raise CommandError(f"“{folder}” holds no audio files")
        accepted, existing, rejected = 0, 0, []
        for path, data, problem in tqdm(items, disable=no_progress, unit="file", desc="importing"):
            if problem is None:
                try:
                    metadata = parse_call_metadata(data)
                    # A rerun of an interrupted import meets many stored calls: each is answered without its work.
                    created = False
                    if stored_copy(register, metadata.external_id, path) is None:
                        _recording, created = recording_ingest(
                            register=register, audio_path=path, metadata=metadata, actor_label="import_recordings"
                        )
                except RecordingError as exc:
                    problem = exc.message
                else:
                    accepted += created
                    existing += not created
            if problem:
                rejected.append((path.name, problem))
        self.stdout.write(f"accepted: {accepted}, already stored: {existing}, rejected: {len(rejected)}")
        for name, problem in rejected:
            self.stdout.write(f"  rejected {name}: {problem}")
        if rejected:
            raise CommandError(f"{len(rejected)} file(s) rejected", returncode=1)
