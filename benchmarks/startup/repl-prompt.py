#!/usr/bin/env python3
"""Starts a command (default: ./kos, the REPL) on a pseudo-terminal and exits as soon as its output
shows the prompt ('kos[' by default), killing the REPL. Run under hyperfine, its wall time is the
REPL's start to prompt (plus about 20 ms of Python):

    hyperfine -w 1 -r 10 'python3 benchmarks/startup/repl-prompt.py ./kos'

Exit code 1 when the command ends or 60 s pass without a prompt (its output is then printed)."""
import os
import pty
import select
import struct
import termios
import fcntl
import signal
import sys
import time

cmd = sys.argv[1:] or ["./kos"]
prompt = os.environ.get("KOS_PROMPT", "kos[").encode()
pid, fd = pty.fork()
if pid == 0:
    # 80x24: at the pseudo-terminal's default width of 0 JLine draws no prompt
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.execvp(cmd[0], cmd)
seen = b""
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if prompt in seen:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.exit(0)
sys.stdout.write(seen.decode(errors="replace"))
try:
    os.kill(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
sys.exit(1)
