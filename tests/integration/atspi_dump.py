#!/usr/bin/python3
'''Prints, as JSON, the accessibility tree (AT-SPI) of the application named argv[1]: a list of
[depth, role, name], what a screen reader is given. Run with the session's environment.'''

import json
import sys

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402


def walk(node, depth, out):
    out.append([depth, node.get_role_name(), node.get_name() or ''])
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child:
            walk(child, depth + 1, out)


def main():
    Atspi.init()
    desktop = Atspi.get_desktop(0)
    out = []
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app and app.get_name() == sys.argv[1]:
            walk(app, 0, out)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
