#!/usr/bin/python3
'''A notification helper that speaks limberd's helper protocol (daemon/notify/notify-protocol.h)
on standard input, as limber-notify does, but shows nothing: it answers every request as shown,
and sends what the test asks it to, so that a test can produce a moment the real helper only
meets by chance (an action chosen just as limberd withdrew the notification).

$LIMBER_SCRIPTED_HELPER_DIR is its folder:
  requests          every request received, one a line, fields joined by " | "
  action-before     "KEY REQUEST": the next request named REQUEST ("show", "close") is preceded
                    by "action KEY" (the file is then removed): the user chose KEY just before
                    limberd's request reached the helper
'''

import os
import socket

DIR = os.environ['LIMBER_SCRIPTED_HELPER_DIR']
sock = socket.socket(fileno=0)
shown = 0


def send(*fields):
    sock.send(b''.join(f.encode() + b'\0' for f in fields))


def take(name):
    path = os.path.join(DIR, name)
    try:
        with open(path) as f:
            key = f.read().strip()
        os.unlink(path)
        return key
    except FileNotFoundError:
        return None


while True:
    data = sock.recv(65536)
    if not data:
        break       # limberd let go of us
    fields = [f.decode() for f in data.split(b'\0')[:-1]]
    with open(os.path.join(DIR, 'requests'), 'a') as f:
        f.write(' | '.join(fields) + '\n')
    before = take('action-before')
    if before:
        key, request = before.split()
        if request == fields[0]:
            send('action', key)
        else:
            with open(os.path.join(DIR, 'action-before'), 'w') as f:
                f.write(before)
    if fields[0] == 'show':
        shown = 1
        send('shown')
    elif fields[0] == 'close':
        shown = 0
    send('done', str(shown))
