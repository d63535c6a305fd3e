#!/usr/bin/python3
'''Button labels fit: every label of a notification button (daemon/notify/notify.c and
notify-texts.c), in English and in every catalog of po/LINGUAS, is at most 14 characters
(NOTIFY_LABEL_FIT), so GNOME Shell does not cut it and Plasma does not wrap it. The Snooze
label with its length ("Snooze 10 min") must fit for the lengths a person usually sets; longer
ones fall back to the plain "Snooze" (notify_label_snooze), which must fit too.
Prints each label that does not fit, with its catalog, and fails.'''

import os
import re
import sys

FIT = 14
BUTTONS = ('Start break', 'Skip', 'Snooze', 'Done')
SNOOZE = 'Snooze %s'
# The snooze lengths that must show in the label: 5, 10, 15 and 30 minutes (the default is 10).
MINUTES = (5, 10, 15, 30)


def unquote(s):
    '''A po string's text: \\" and \\n undone (the rest is UTF-8 as it stands).'''
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)


def read_po(path):
    '''{msgid: msgstr} of the catalog's current (not obsolete, not fuzzy) messages.'''
    out = {}
    with open(path, encoding='utf-8') as f:
        entries = f.read().split('\n\n')
    for entry in entries:
        if '#, fuzzy' in entry:
            continue
        fields, key = {}, None
        for line in entry.split('\n'):
            m = re.match(r'^(msgid|msgstr) "(.*)"$', line)
            if m:
                key = m.group(1)
                fields[key] = unquote(m.group(2))
            elif key and re.match(r'^"(.*)"$', line):
                fields[key] += unquote(line[1:-1])
            elif not line.startswith('#'):
                key = None
        if fields.get('msgid') and fields.get('msgstr'):
            out[fields['msgid']] = fields['msgstr']
    return out


def check(lang, catalog, problems):
    def tr(msgid):
        return catalog.get(msgid, msgid)
    for msgid in BUTTONS:
        label = tr(msgid)
        if len(label) > FIT:
            problems.append(f'{lang}: "{label}" ({msgid}) has {len(label)} characters, more than {FIT}')
    for minutes in MINUTES:
        label = tr(SNOOZE).replace('%s', tr('%u min').replace('%u', str(minutes)))
        if len(label) > FIT:
            problems.append(f'{lang}: "{label}" ({SNOOZE}, {minutes} min) has {len(label)} characters, '
                            f'more than {FIT}')


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    problems = []
    check('en', {}, problems)
    with open(os.path.join(root, 'po', 'LINGUAS')) as f:
        langs = [w for line in f for w in line.split('#')[0].split()]
    for lang in langs:
        catalog = read_po(os.path.join(root, 'po', lang + '.po'))
        missing = [m for m in BUTTONS + (SNOOZE,) if m not in catalog]
        if missing:
            problems.append(f'{lang}: no translation of {", ".join(missing)}')
        check(lang, catalog, problems)
    for p in problems:
        print(p)
    if not problems:
        print(f'Button labels fit in {FIT} characters in English and {", ".join(langs)}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
