#!/usr/bin/env python3
"""Runs a command and writes its output the way a GitHub Actions job log stores it.

Every line gets the runner's ISO-8601 UTC timestamp with 7 fractional digits, taken when the
line arrives; the step is wrapped in ##[group]Run <command> / ##[endgroup] as the runner
does for a `run:` step, and a non-zero exit adds the runner's closing ##[error] line.
Usage: actions-format.py COMMAND [ARGS...] > job.log
"""
import datetime, shlex, subprocess, sys


def stamp():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime('%Y-%m-%dT%H:%M:%S.') + '%07d' % (now.microsecond * 10) + 'Z'


def emit(line):
    sys.stdout.write(stamp() + ' ' + line + '\n')
    sys.stdout.flush()


cmd = sys.argv[1:]
emit('##[group]Run ' + shlex.join(cmd))
emit(shlex.join(cmd))
emit('shell: /usr/bin/bash -e {0}')
emit('##[endgroup]')
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
for raw in proc.stdout:
    emit(raw.decode('utf-8', 'replace').rstrip('\r\n'))
rc = proc.wait()
# Killed by a signal: report it the way the runner's bash does (128 + signal number).
if rc < 0:
    rc = 128 - rc
if rc != 0:
    emit('##[error]Process completed with exit code %d.' % rc)
sys.exit(rc)
