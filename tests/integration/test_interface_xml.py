#!/usr/bin/python3
'''daemon/io.github.limber.Limber1.xml, the installed description of the API, against limberd's
live org.freedesktop.DBus.Introspectable.Introspect: the same properties (type, access, whether
they emit PropertiesChanged), methods and signals (argument names, types, directions), so the
file cannot go stale.'''

import os
import xml.etree.ElementTree as ET

import limbertest
from limbertest import LimberTestCase, setup, INTERFACE

XML = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'daemon',
                   'io.github.limber.Limber1.xml')
EMITS = 'org.freedesktop.DBus.Property.EmitsChangedSignal'


def describe(iface):
    '''What of an <interface> element a client relies on, comparable.'''
    def emits(p):
        for a in p.findall('annotation'):
            if a.get('name') == EMITS:
                return a.get('value')
        return 'true'

    def args(e):
        return [(a.get('name'), a.get('type'), a.get('direction', 'in' if e.tag == 'method' else None))
                for a in e.findall('arg')]
    return {
        'properties': {p.get('name'): (p.get('type'), p.get('access'), emits(p))
                       for p in iface.findall('property')},
        'methods': {m.get('name'): args(m) for m in iface.findall('method')},
        'signals': {s.get('name'): args(s) for s in iface.findall('signal')},
    }


def interface_of(text):
    node = ET.fromstring(text)
    return node.find(f"interface[@name='{INTERFACE}']")


class InterfaceXmlTest(LimberTestCase):
    @setup()
    def test_file_matches_live_introspection(self):
        with open(XML, encoding='utf-8') as f:
            shipped = interface_of(f.read())
        self.assertIsNotNone(shipped, f'{XML} has no {INTERFACE}')
        live = interface_of(self.call('Introspect', interface='org.freedesktop.DBus.Introspectable'))
        self.assertIsNotNone(live, f'{INTERFACE} missing from introspection')
        want, got = describe(live), describe(shipped)
        for what in ('properties', 'methods', 'signals'):
            self.assertEqual(got[what], want[what], f'{what}: the XML (first) differs from limberd')

    @setup()
    def test_growing_properties_do_not_emit(self):
        live = describe(interface_of(self.call('Introspect',
                                               interface='org.freedesktop.DBus.Introspectable')))
        self.assertEqual(live['properties']['ActiveUsec'][2], 'false')
        self.assertEqual(live['properties']['ActiveCountedAtUsec'][2], 'true')


if __name__ == '__main__':
    limbertest.main()
