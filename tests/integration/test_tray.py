#!/usr/bin/python3
'''The panel icon (daemon/tray/): limberd's org.kde.StatusNotifierItem and its
com.canonical.dbusmenu menu, against a StatusNotifierWatcher on the private bus
(templates/sni_watcher.py), read and clicked the way a panel does.

What is checked: nothing is exported while no watcher is on the bus; a watcher that appears
later (the panel starting after limberd) or again (a panel restart) gets the item registered;
the item's properties and New* signals per state; the menu's layout, its properties and
which items apply per state, LayoutUpdated and ItemsPropertiesUpdated; clicks (Event,
EventGroup, Activate) carried out; tray.enabled = false shows nothing.
'''

import os
import shutil
import sys

import dbus

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limbertest  # noqa: E402
from limbertest import BUS_NAME, HERE, USEC, LimberTestCase, Mock, setup, unwrap, usec  # noqa: E402

WATCHER = 'org.kde.StatusNotifierWatcher'
ITEM_PATH = '/StatusNotifierItem'
ITEM_IFACE = 'org.kde.StatusNotifierItem'
MENU_PATH = '/MenuBar'
MENU_IFACE = 'com.canonical.dbusmenu'
PROPERTIES = 'org.freedesktop.DBus.Properties'
ICONS = os.path.join(HERE, '..', '..', 'config', 'icons')

# The menu's ids (daemon/tray/tray-status.h).
STATE, SHOW_BREAK, START_BREAK, SNOOZE, SKIP = 1, 3, 4, 5, 6
PAUSE_HOUR, PAUSE, RESUME, LOG_BREAK, LOG_5M = 8, 9, 10, 12, 13


class Watcher(Mock):
    def __init__(self, sandbox, name='sni-watcher'):
        super().__init__(sandbox, name, os.path.join(limbertest.TEMPLATES, 'sni_watcher.py'),
                         sandbox.session, WATCHER, '/StatusNotifierWatcher')

    def registered(self):
        return [args[0] for args in self.calls('RegisterStatusNotifierItem')]


class TrayTestCase(LimberTestCase):
    def setUp(self):
        super().setUp()
        self.item_signals = []
        self.menu_signals = []
        self.matches = [
            self.conn.add_signal_receiver(
                lambda *a, member=None: self.item_signals.append((str(member), unwrap(a))),
                dbus_interface=ITEM_IFACE, path=ITEM_PATH, member_keyword='member'),
            self.conn.add_signal_receiver(
                lambda *a, member=None: self.menu_signals.append((str(member), unwrap(a))),
                dbus_interface=MENU_IFACE, path=MENU_PATH, member_keyword='member'),
        ]
        self.addCleanup(lambda: [m.remove() for m in self.matches])
        self.watcher = None

    def start_watcher(self):
        self.watcher = Watcher(self.sandbox, f'sni-watcher-{len(self.sandbox.mocks)}')
        self.sandbox.mocks.append(self.watcher)
        return self.watcher

    def owner(self):
        return str(self.conn.get_name_owner(BUS_NAME))

    def item_bus(self):
        '''The unique name of limberd's connection other than its main one (the tray's own,
        which serves the item and the menu), or None.'''
        bus = self.conn.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus')
        for name in bus.ListNames(dbus_interface='org.freedesktop.DBus'):
            if not name.startswith(':') or name == self.owner():
                continue
            try:
                pid = bus.GetConnectionUnixProcessID(name, dbus_interface='org.freedesktop.DBus')
            except dbus.exceptions.DBusException:
                continue        # gone meanwhile
            if pid == self.daemon.pid:
                return str(name)
        return None

    def wait_registered(self, watcher):
        '''Waits for the registration; checks it names the item's object path, sent from a
        connection of limberd's own (so closing it withdraws the item), not its main one.'''
        names = self.wait_for(lambda: watcher.registered(), what='RegisterStatusNotifierItem')
        self.assertEqual(names, [ITEM_PATH])
        self.assertIsNotNone(self.item_bus())
        self.assertNotIn('StatusNotifierItem', self.exported(self.owner()))
        return names

    def item_name_owned(self):
        return self.item_bus() is not None

    def item(self, name):
        return unwrap(self.conn.call_blocking(self.item_bus(), ITEM_PATH, PROPERTIES, 'Get', 'ss',
                                              (ITEM_IFACE, name)))

    def item_all(self):
        return unwrap(self.conn.call_blocking(self.item_bus(), ITEM_PATH, PROPERTIES, 'GetAll', 's',
                                              (ITEM_IFACE,)))

    def menu(self, method, signature='', *args):
        return unwrap(self.conn.call_blocking(self.item_bus(), MENU_PATH, MENU_IFACE, method,
                                              signature, args))

    def exported(self, name=None):
        '''The object paths served below / by name (default: the tray's connection; none
        while it is closed).'''
        name = name or self.item_bus()
        if name is None:
            return []
        xml = str(self.conn.call_blocking(name, '/', 'org.freedesktop.DBus.Introspectable',
                                          'Introspect', '', ()))
        return [n.split('"')[1] for n in xml.split('<node name=')[1:]]

    def layout(self):
        '''{id: (properties, [child ids])} of the whole menu, and the revision.'''
        revision, root = self.menu('GetLayout', 'iias', 0, -1, dbus.Array([], signature='s'))
        out = {}

        def walk(node):
            id_, props, children = node
            out[id_] = (props, [c[0] for c in children])
            for c in children:
                walk(c)
        walk(root)
        return out, revision

    def click(self, id_):
        self.menu('Event', 'isvu', id_, 'clicked', dbus.Int32(0, variant_level=1), 0)

    def enabled(self):
        return {id_: props.get('enabled', True) for id_, (props, _) in self.layout()[0].items()}

    def wait_item(self, name, pred, what=None):
        return self.wait_for(lambda: pred(self.item(name)) and self.item(name), what=what or name)


class TestRegistration(TrayTestCase):
    def test_nothing_without_watcher_then_registered_late(self):
        '''Without a watcher nothing is exported; a panel starting later gets the item.'''
        self.wait_state('working')
        self.settle()
        self.assertNotIn('StatusNotifierItem', self.exported(self.owner()))
        self.assertNotIn('MenuBar', self.exported(self.owner()))
        self.assertFalse(self.item_name_owned())

        watcher = self.start_watcher()
        self.wait_registered(watcher)
        self.assertIn('StatusNotifierItem', self.exported())
        self.assertIn('MenuBar', self.exported())
        props = self.item_all()
        self.assertEqual(props['Id'], 'limber')
        self.assertEqual(props['Category'], 'ApplicationStatus')
        self.assertEqual(props['Title'], 'limber')
        self.assertEqual(props['Status'], 'Active')
        self.assertEqual(props['Menu'], MENU_PATH)
        self.assertIs(props['ItemIsMenu'], False)
        self.assertRegex(props['IconName'], r'^limber-working-[0-3]$')
        self.assertEqual(props['AttentionIconName'], 'limber-due')
        icon, pixmaps, title, text = props['ToolTip']
        self.assertEqual(icon, props['IconName'])
        self.assertRegex(title, r'^Working: next break at \d\d:\d\d$')
        self.assertEqual(text, 'No breaks yet today')

    def test_watcher_restart(self):
        '''The panel restarting: withdrawn while it is gone, registered again when it is back.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        watcher.stop()
        self.sandbox.mocks.remove(watcher)
        self.wait_for(lambda: not self.item_name_owned(), what="the item's connection closed")

        again = self.start_watcher()
        self.wait_registered(again)
        self.assertEqual(self.item('Id'), 'limber')
        self.assert_alive()

    def test_icon_theme_path(self):
        '''IconThemePath names the icons where $XDG_DATA_DIRS has them.'''
        share = self.sandbox.base_env['XDG_DATA_DIRS']
        shutil.copytree(ICONS, os.path.join(share, 'icons'))
        self.restart_daemon()
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        self.assertEqual(self.item('IconThemePath'), os.path.join(share, 'icons'))

    @setup(config={'tray': {'enabled': 'false'}})
    def test_disabled(self):
        '''tray.enabled = false: a watcher gets nothing; turned on live, it gets the item; off
        again, the item is withdrawn.'''
        watcher = self.start_watcher()
        self.wait_state('working')
        self.settle()
        self.assertEqual(watcher.registered(), [])
        self.assertNotIn('StatusNotifierItem', self.exported())
        self.call('SetConfig', 'ss', 'tray.enabled', 'true')
        self.wait_registered(watcher)
        self.assertIn('StatusNotifierItem', self.exported())
        item_bus = self.item_bus()
        self.call('SetConfig', 'ss', 'tray.enabled', 'false')
        # The item's connection is closed: every watcher drops the item (limberd's main
        # connection stays).
        self.wait_for(lambda: not self.conn.name_has_owner(item_bus), what="the item's connection closed")
        self.assertIsNone(self.item_bus())


class TestStates(TrayTestCase):
    def test_due_and_snooze(self):
        '''Due: NeedsAttention, the attention icon, New* signals; Snooze from the menu.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        self.assertFalse(self.enabled()[SKIP])
        self.assertFalse(self.enabled()[SNOOZE])
        mark = len(self.item_signals)
        self.advance_until_due()
        self.wait_item('Status', lambda v: v == 'NeedsAttention')
        self.assertEqual(self.item('IconName'), 'limber-due')
        self.wait_for(lambda: ('NewStatus', ('NeedsAttention',)) in self.item_signals[mark:],
                      what='NewStatus(NeedsAttention)')
        names = [s[0] for s in self.item_signals[mark:]]
        self.assertIn('NewIcon', names)
        self.assertIn('NewToolTip', names)
        self.assertEqual(self.item('ToolTip')[2], 'A break is due')

        # The menu says so: the state line, Skip and Snooze apply now.
        self.wait_for(lambda: any(s[0] == 'ItemsPropertiesUpdated' for s in self.menu_signals),
                      what='ItemsPropertiesUpdated')
        layout, _ = self.layout()
        self.assertEqual(layout[STATE][0]['label'], 'A break is due')
        self.assertIs(layout[STATE][0]['enabled'], False)
        self.assertTrue(self.enabled()[SKIP])
        self.assertTrue(self.enabled()[SNOOZE])
        self.assertEqual(layout[SNOOZE][0]['label'], 'Snooze for 2s')

        self.click(SNOOZE)
        self.wait_state('snoozed')
        self.wait_item('Status', lambda v: v == 'Active')
        self.assertEqual(self.item('IconName'), 'limber-working-3')
        self.assertEqual(self.history()[-1]['kind'], 'snoozed')

    @setup(config={'schedule': {'snooze': '1h', 'natural-break': '1h'}})
    def test_due_stays_shown_while_idle(self):
        '''A person reading the reminder gives no input: the panel keeps showing the due
        break (NeedsAttention, the due icon), as State stays "due" with Idle true.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        self.advance_until_due()
        self.wait_item('Status', lambda v: v == 'NeedsAttention')
        self.mutter.set_idle(2)                         # idle-after is 1 s
        self.wait_prop('Idle', bool, what='Idle == true')
        self.settle()
        self.assertEqual(self.prop('State'), 'due')
        self.assertEqual(self.item('Status'), 'NeedsAttention')
        self.assertEqual(self.item('IconName'), 'limber-due')

    def test_skip_and_activate(self):
        '''Skip from the menu when due; a left click when due starts the guided break.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        self.advance_until_due()
        self.click(SKIP)
        self.wait_history(lambda r: r['kind'] == 'skipped')
        self.advance_until_due()
        self.conn.call_blocking(self.item_bus(), ITEM_PATH, ITEM_IFACE, 'Activate', 'ii', (10, 10))
        self.wait_state('on-break')
        self.wait_item('IconName', lambda v: v == 'limber-break')
        enabled = self.enabled()
        self.assertFalse(enabled[START_BREAK])
        self.assertTrue(enabled[SKIP])
        self.assertFalse(enabled[LOG_BREAK])
        self.assertEqual(self.layout()[0][SKIP][0]['label'], 'Skip the rest of this break')

    @setup(config={'schedule': {'interval': '1h'}})
    def test_activate_shows_status(self):
        '''A left click with no break due shows the state in a passing notification.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        before = len(self.notify.notifications())
        self.conn.call_blocking(self.item_bus(), ITEM_PATH, ITEM_IFACE, 'Activate', 'ii', (0, 0))
        n = self.wait_notification(lambda n: n.summary.startswith('Working: next break at'),
                                   after=before)
        self.assertIn('No breaks yet today', n.body)
        self.assertIn('since your last break.', n.body)
        self.assertEqual(self.prop('State'), 'working')

    @setup(config={'schedule': {'interval': '1h'}})
    def test_pause_and_resume(self):
        '''Pause from the menu: the layout changes (Resume instead of Pause), and back.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        layout, revision = self.layout()
        self.assertIn(PAUSE, layout[0][1])
        self.assertNotIn(RESUME, layout[0][1])

        self.click(PAUSE_HOUR)
        self.wait_state('paused')
        self.wait_for(lambda: any(s[0] == 'LayoutUpdated' for s in self.menu_signals),
                      what='LayoutUpdated')
        layout, new_revision = self.layout()
        self.assertGreater(new_revision, revision)
        self.assertNotIn(PAUSE, layout[0][1])
        self.assertIn(RESUME, layout[0][1])
        self.assertRegex(layout[STATE][0]['label'], r'^Paused until \d\d:\d\d$')
        self.assertEqual(self.item('IconName'), 'limber-paused')
        remaining = self.prop('PausedUntilUsec') - limbertest.realtime_usec()
        self.assertAlmostEqual(remaining / usec(1), 3600, delta=60)

        self.click(RESUME)
        self.wait_state('working')
        self.click(PAUSE)
        self.wait_state('paused')
        self.assertEqual(self.prop('PausedUntilUsec'), 2**64 - 1)
        self.wait_for(lambda: self.layout()[0][STATE][0]['label'] == 'Paused until resumed',
                      what='"Paused until resumed"')

    @setup(config={'schedule': {'interval': '1h'}})
    def test_log_break(self):
        '''Log a break: the submenu's 5 minutes is recorded as a logged break.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        layout, _ = self.layout()
        # No submenu (Plasma opens one off the screen's right edge): a disabled heading, and
        # the durations after it in the menu itself.
        self.assertNotIn('children-display', layout[LOG_BREAK][0])
        self.assertIs(layout[LOG_BREAK][0]['enabled'], False)
        root = layout[0][1]
        after = root[root.index(LOG_BREAK) + 1:]
        self.assertEqual([layout[i][0]['label'] for i in after],
                         ['5 minutes', '10 minutes', '15 minutes', '30 minutes', '1 hour'])
        self.click(LOG_5M)
        record = self.wait_history(lambda r: r['kind'] == 'logged')
        self.assertEqual(record['duration'], usec(300))
        self.wait_for(lambda: self.item('ToolTip')[3] == '1 break today', what='"1 break today"')

    @setup(config={'schedule': {'interval': '8s'}})
    def test_progress_steps(self):
        '''While working the icon fills in four steps, each a timer of its own, not a poll.'''
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        self.assertEqual(self.item('IconName'), 'limber-working-0')
        quarter = self.prop('IntervalUsec') / 4 / USEC
        for icon in ('limber-working-1', 'limber-working-2', 'limber-working-3'):
            self.advance(quarter)
            self.wait_for(lambda: self.item('IconName') == icon, what=icon)
        self.advance_until_due()
        self.wait_for(lambda: self.item('IconName') == 'limber-due', what='the due icon')
        self.wait_for(lambda: sum(1 for s in self.item_signals if s[0] == 'NewIcon') >= 4,
                      what='a NewIcon signal for each change')


class TestMenuProtocol(TrayTestCase):
    @setup(config={'schedule': {'interval': '1h', 'snooze': '10m'}})
    def test_layout_and_properties(self):
        watcher = self.start_watcher()
        self.wait_registered(watcher)
        menu_props = unwrap(self.conn.call_blocking(self.item_bus(), MENU_PATH, PROPERTIES, 'GetAll', 's',
                                                    (MENU_IFACE,)))
        self.assertEqual(menu_props, {'Version': 3, 'TextDirection': 'ltr', 'Status': 'normal',
                                      'IconThemePath': []})
        layout, revision = self.layout()
        self.assertEqual(layout[0][0], {'visible': True, 'children-display': 'submenu'})
        labels = [layout[i][0].get('label', '-' if layout[i][0].get('type') == 'separator' else None)
                  for i in layout[0][1]]
        self.assertEqual(labels[1:], ['-', 'Show break', 'Start a break now', 'Snooze for 10 minutes',
                                      'Skip this break', '-', 'Pause for 1 hour',
                                      'Pause until resumed', '-', 'Log a break', '5 minutes',
                                      '10 minutes', '15 minutes', '30 minutes', '1 hour'])
        self.assertRegex(labels[0], r'^Working: next break at \d\d:\d\d$')
        self.assertEqual(self.enabled()[START_BREAK], True)

        # A depth of 0: the item alone; a filter: only those properties.
        rev, root = self.menu('GetLayout', 'iias', LOG_BREAK, 0, ['label'])
        self.assertEqual(root, (LOG_BREAK, {'label': 'Log a break'}, []))
        props = self.menu('GetGroupProperties', 'aias', [SNOOZE, SKIP, 999], ['enabled'])
        self.assertEqual(props, [(SNOOZE, {'enabled': False}), (SKIP, {'enabled': False})])
        self.assertEqual(self.menu('GetProperty', 'is', START_BREAK, 'label'), 'Start a break now')
        self.assertIs(self.menu('AboutToShow', 'i', 0), False)
        self.assertEqual(self.menu('AboutToShowGroup', 'ai', [0, LOG_BREAK, 77]), ([], [77]))

        # Unknown ids and properties are errors naming them; limberd carries on.
        for method, sig, args in (('GetLayout', 'iias', (99, -1, [])), ('GetProperty', 'is', (-1, 'label')),
                                  ('GetProperty', 'is', (1, 'icon-name')), ('AboutToShow', 'i', (42,)),
                                  ('Event', 'isvu', (50, 'clicked', dbus.Int32(0, variant_level=1), 0))):
            with self.assertRaises(dbus.exceptions.DBusException) as e:
                self.menu(method, sig, *args)
            self.assertEqual(e.exception.get_dbus_name(), limbertest.INVALID_ARGS)

        # EventGroup: each event carried out, the unknown ids answered.
        zero = dbus.Int32(0, variant_level=1)
        errors = self.menu('EventGroup', 'a(isvu)',
                           [(START_BREAK, 'clicked', zero, 0), (123, 'clicked', zero, 0)])
        self.assertEqual(errors, [123])
        self.wait_state('on-break')

        # A click on an item that does not apply (Start a break, during one) does nothing.
        self.click(START_BREAK)
        self.click(LOG_5M)
        self.settle()
        self.assertEqual(self.prop('State'), 'on-break')
        self.assertFalse(any(r['kind'] == 'logged' for r in self.history()))
        self.assert_alive()


if __name__ == '__main__':
    limbertest.main()
