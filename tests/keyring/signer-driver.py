#!/usr/bin/env python3
"""Answers a command's prompts as they appear, for tests/keyring/signer.sh.

  signer-driver.py [--ready FIFO TEXT] [--fail TEXT] PROMPT ANSWER ... -- COMMAND...

Runs COMMAND with a pipe for its standard input and copies what it prints
(standard output and error) to ours. For each PROMPT ANSWER pair in turn it
waits until the output since the last answer contains PROMPT, then writes
ANSWER and a newline. With --ready, once every answer is given and TEXT has
appeared, it writes a line to FIFO (so a caller can wait for a server to be
up). With --fail, TEXT in the output kills the command and exits 1 (the
stock getauthinfo asks again forever after a refused login). The exit status
is the command's, or 1 if it ends before its prompts are answered.
"""

import os
import subprocess
import sys


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit(__doc__)
    split = args.index("--")
    opts, command = args[:split], args[split + 1:]
    ready = fail = None
    while opts and opts[0].startswith("--"):
        if opts[0] == "--ready":
            ready, opts = (opts[1], opts[2]), opts[3:]
        elif opts[0] == "--fail":
            fail, opts = opts[1], opts[2:]
        else:
            sys.exit(__doc__)
    pairs = list(zip(opts[0::2], opts[1::2]))
    proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = ""
    while True:
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            break
        text = chunk.decode("utf-8", "replace")
        sys.stdout.write(text)
        sys.stdout.flush()
        seen += text
        if fail and fail in seen:
            proc.kill()
            proc.wait()
            sys.exit(1)
        while pairs and pairs[0][0] in seen:
            seen = seen[seen.index(pairs[0][0]) + len(pairs[0][0]):]
            proc.stdin.write((pairs[0][1] + "\n").encode())
            proc.stdin.flush()
            pairs = pairs[1:]
        if not pairs and ready and ready[1] in seen:
            with open(ready[0], "w") as f:
                f.write("ready\n")
            ready = None
    status = proc.wait()
    sys.exit(1 if pairs else status)


if __name__ == "__main__":
    main()
