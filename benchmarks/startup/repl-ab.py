#!/usr/bin/env python3
"""A/B of REPL start to prompt on a loaded machine: runs each command in turn, round after round
(the order shuffled per round with a fixed seed), so that every command sees the same load, and
reports per command the median and mean wall time to the prompt and the CPU time (user + system,
all threads) the REPL used until then (from wait4's rusage; the REPL is killed at the prompt).

    python3 benchmarks/startup/repl-ab.py 20 /path/to/old/kos ./kos
    python3 benchmarks/startup/repl-ab.py --to-exit 20 '/path/to/old/kos version' './kos version'

Each command is started on an 80x24 pseudo-terminal like benchmarks/startup/repl-prompt.py does;
with --to-exit the time is to the command's exit instead of to the prompt."""
import fcntl
import os
import pty
import random
import select
import signal
import statistics
import struct
import sys
import termios
import time

PROMPT = os.environ.get("KOS_PROMPT", "kos[").encode()
TO_EXIT = False


def one(cmd):
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvp(cmd[0], cmd)
    seen = b""
    ok = False
    while time.monotonic() - start < 60:
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
        if PROMPT in seen and not TO_EXIT:
            ok = True
            break
    if TO_EXIT:
        ok = True
    wall = time.monotonic() - start
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, _, ru = os.wait4(pid, 0)
    os.close(fd)
    if not ok:
        sys.exit("no prompt from %s:\n%s" % (" ".join(cmd), seen.decode(errors="replace")))
    return wall, ru.ru_utime + ru.ru_stime


def main():
    global TO_EXIT
    args = sys.argv[1:]
    if args and args[0] == "--to-exit":
        TO_EXIT = True
        args = args[1:]
    rounds = int(args[0])
    cmds = [c.split() for c in args[1:]]
    rnd = random.Random(1)
    res = {i: ([], []) for i in range(len(cmds))}
    for i in range(len(cmds)):  # warm-up: one run each
        one(cmds[i])
    for _ in range(rounds):
        order = list(range(len(cmds)))
        rnd.shuffle(order)
        for i in order:
            w, c = one(cmds[i])
            res[i][0].append(w * 1000)
            res[i][1].append(c * 1000)
    for i, c in enumerate(cmds):
        w, cpu = res[i]
        print("%-60s wall median %6.0f mean %6.0f ms | cpu median %6.0f mean %6.0f ms (%d runs)"
              % (" ".join(c)[-60:], statistics.median(w), statistics.mean(w), statistics.median(cpu),
                 statistics.mean(cpu), len(w)))


main()
