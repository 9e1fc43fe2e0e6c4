"""Child-process entry point for the local model server: llama-cpp-python's server that dies with its parent.

`python -m extractor.llm.serve_local ARGS...` runs `python -m llama_cpp.server
ARGS...` and also watches the process that started it: if that process goes
away without stopping us (killed by a signal, so no atexit ran), the server
exits too instead of living on as an orphan holding a port and ~1 GB of RAM.
"""

from __future__ import annotations

import os
import runpy
import sys
import threading
import time


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    """Start the parent watchdog, then hand the command line to llama_cpp.server."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    sys.argv = ["llama_cpp.server", *sys.argv[1:]]
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
