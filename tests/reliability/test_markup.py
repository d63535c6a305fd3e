#!/usr/bin/python3
'''Text that is not limber's own reaches a notification server as text: a server that reads
bodies as markup (the "body-markup" capability) gets names, doses, steps from an exercise file
and configuration errors escaped (&, <, >); a server without it gets them as they are.'''

import os

from reliability import limbertest
from limbertest import EXERCISES, LimberTestCase, NotificationServer, setup

HOSTILE = '<a href="https://example.org">here</a> & unbalanced <'


def catalog_with(exercise):
    '''The shipped safety rules and one exercise of ours.'''
    with open(EXERCISES) as f:
        text = f.read()
    safety = text[text.index('[safety]'):]
    safety = safety[:safety.index('\n[', 1) + 1]
    return safety + exercise


class PlainServer(NotificationServer):
    CAPABILITIES = 'actions body persistence'


class TestMarkup(LimberTestCase):
    def use_catalog(self):
        path = os.path.join(self.sandbox.root, 'share', 'limber', 'exercises.ini')
        os.unlink(path)
        self.sandbox.write(path, catalog_with(
            f'[hostile]\nname = Name {HOSTILE}\nposture = seated\ndose = Dose {HOSTILE}\n'
            f'step = Step {HOSTILE}\ncaution = Caution {HOSTILE}\n'))

    @setup(daemon=False)
    def test_escaped_for_a_markup_server(self):
        self.use_catalog()
        self.start_daemon()
        n = self.wait_reminder()
        self.assertIn('&lt;a href="https://example.org"&gt;here&lt;/a&gt; &amp; unbalanced &lt;', n.body)
        self.assertNotIn('<', n.body)
        self.assertNotIn(' & ', n.body)

    @setup(daemon=False, mocks=('logind', 'mutter'))
    def test_as_it_is_for_a_plain_server(self):
        self.notify = PlainServer(self.sandbox)
        self.sandbox.mocks.append(self.notify)
        self.use_catalog()
        self.start_daemon()
        n = self.wait_reminder()
        self.assertIn(HOSTILE, n.body)

    @setup(daemon=False, config={'schedule': {'interval': '1h'}})
    def test_config_error_escaped(self):
        dropin = os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'limber', 'exercises.d', 'a<b>&c.ini')
        self.sandbox.write(dropin, '[mine]\nname = Mine\nposture = lying\ndose = 3\nstep = Do it.\n')
        self.start_daemon()
        n = self.wait_notification(lambda x: 'a&lt;b&gt;&amp;c.ini' in x.body, what='the problem notification')
        self.assertNotIn('a<b>&c.ini', n.body)


if __name__ == '__main__':
    limbertest.main()
