"""`serve` with an injected test hook: at the checkpoint named by --pause-at it writes --marker
and hangs (until the test kills it). Production code has no such setting; this script passes the
hook to `publisher.cli.serve.serve`.

    python tests/publisher/paused_serve.py --data-dir D --port P --pause-at approve.after_commit --marker F
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from publisher.cli.serve import serve
from publisher.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pause-at", required=True)
    parser.add_argument("--marker", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings.load(data_dir=args.data_dir).with_values({"port": args.port})

    def checkpoint(name: str) -> None:
        if name == args.pause_at:
            args.marker.write_text(name)
            threading.Event().wait()  # hangs here until the test sends SIGKILL

    return serve(settings, checkpoint=checkpoint)


if __name__ == "__main__":
    sys.exit(main())
