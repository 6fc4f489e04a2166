# SPDX-License-Identifier: AGPL-3.0-or-later
"""Sandbox::LabHost: a lab machine for the Lab Console sandbox's Heat.

A real cloud maps the generic ``Lab::Host`` type of a course template to a
nested template with an OS::Nova::Server; the sandbox maps it here (through
its Heat environment). Each resource asks the sandbox's lab gate (a daemon
started by ``npm run sandbox``) for a host: its own sshd with its own host key,
an RDP port in front of the shared xrdp, and its own VNC desktop (Xvnc).
Suspend, resume and delete of the stack stop and start those ports, so a lab
answers exactly while its stack is up, as a server would.

Loaded through ``plugin_dirs`` in the sandbox's heat.conf. The gate is found
through ``$LAB_SANDBOX_DIR/gate.json``.
"""

import json
import os
import urllib.error
import urllib.request

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from oslo_log import log as logging

from heat.common import exception
from heat.engine import attributes
from heat.engine import properties
from heat.engine import resource
from heat.engine import support

LOG = logging.getLogger(__name__)

GATE_TIMEOUT_SECS = 60


class LabGateError(exception.Error):
    pass


def _gate_url():
    sandbox_dir = os.environ.get('LAB_SANDBOX_DIR')
    if not sandbox_dir:
        raise LabGateError('Sandbox::LabHost runs only in the Lab Console '
                           'sandbox (LAB_SANDBOX_DIR is not set for heat-all).')
    gate_file = os.path.join(sandbox_dir, 'gate.json')
    try:
        with open(gate_file) as f:
            return json.load(f)['url']
    except (OSError, ValueError, KeyError) as e:
        raise LabGateError('The sandbox lab gate is not running (%s: %s). '
                           'Start it with `npm run sandbox`.' % (gate_file, e))


def _call_gate(method, path, body=None):
    url = _gate_url() + path
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method,
        headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=GATE_TIMEOUT_SECS) as r:
            text = r.read().decode()
            return json.loads(text) if text else {}
    except urllib.error.HTTPError as e:
        raise LabGateError('The sandbox lab gate refused %s %s: %s %s' % (
            method, path, e.code, e.read().decode(errors='replace')[:300]))
    except (urllib.error.URLError, OSError) as e:
        raise LabGateError('The sandbox lab gate at %s is not answering '
                           '(%s). Start it with `npm run sandbox`.' % (url, e))


class LabHost(resource.Resource):
    """A lab machine reachable over SSH (key or password), RDP (password) and VNC."""

    support_status = support.SupportStatus(version='19.0.0')

    PROPERTIES = (RUN, IMAGE, FLAVOR, NETWORK, EXTERNAL_NETWORK) = (
        'run', 'image', 'flavor', 'network', 'external_network')

    # Accepted so one course template serves the sandbox and real clouds;
    # only `run` means something here (it is recorded with the lab).
    properties_schema = {
        RUN: properties.Schema(
            properties.Schema.STRING, 'What the lab runs (the course id).',
            default='', update_allowed=True),
        IMAGE: properties.Schema(
            properties.Schema.STRING, 'Image on a real cloud; ignored here.',
            default='', update_allowed=True),
        FLAVOR: properties.Schema(
            properties.Schema.STRING, 'Flavor on a real cloud; ignored here.',
            default='', update_allowed=True),
        NETWORK: properties.Schema(
            properties.Schema.STRING, 'Network on a real cloud; ignored here.',
            default='', update_allowed=True),
        EXTERNAL_NETWORK: properties.Schema(
            properties.Schema.STRING,
            'Floating IP pool on a real cloud; ignored here.',
            default='', update_allowed=True),
    }

    ATTRIBUTES = (
        PUBLIC_IP, PRIVATE_KEY, PASSWORD, USER, SSH_PORT, RDP_PORT,
        HOST_KEY_FINGERPRINT, RDP_CERT_SHA256, VNC_PORT, VNC_PASSWORD,
        VNC_CERT_SHA256,
    ) = (
        'public_ip', 'private_key', 'password', 'user', 'ssh_port',
        'rdp_port', 'host_key_fingerprint', 'rdp_cert_sha256', 'vnc_port',
        'vnc_password', 'vnc_cert_sha256',
    )

    attributes_schema = {
        PUBLIC_IP: attributes.Schema('Address of the lab host.',
                                     type=attributes.Schema.STRING),
        PRIVATE_KEY: attributes.Schema(
            'OpenSSH private key (ed25519) of the lab user.',
            type=attributes.Schema.STRING),
        PASSWORD: attributes.Schema('Password of the lab user (RDP, SSH).',
                                    type=attributes.Schema.STRING),
        USER: attributes.Schema('The lab user.',
                                type=attributes.Schema.STRING),
        SSH_PORT: attributes.Schema('TCP port of the lab\'s sshd.',
                                    type=attributes.Schema.INTEGER),
        RDP_PORT: attributes.Schema('TCP port of the lab\'s RDP server.',
                                    type=attributes.Schema.INTEGER),
        HOST_KEY_FINGERPRINT: attributes.Schema(
            'SHA256 fingerprint of the sshd host key, as ssh-keygen -l.',
            type=attributes.Schema.STRING),
        RDP_CERT_SHA256: attributes.Schema(
            'SHA-256 of the RDP server certificate (DER, hex).',
            type=attributes.Schema.STRING),
        VNC_PORT: attributes.Schema('TCP port of the lab\'s VNC desktop.',
                                    type=attributes.Schema.INTEGER),
        VNC_PASSWORD: attributes.Schema(
            'VNC password of the lab\'s desktop (8 characters).',
            type=attributes.Schema.STRING),
        VNC_CERT_SHA256: attributes.Schema(
            'SHA-256 of the VNC server certificate (DER, hex).',
            type=attributes.Schema.STRING),
    }

    def _lab_request(self, state):
        return {
            'state': state,
            'stackId': self.stack.id,
            'stackName': self.stack.name,
            'projectId': self.stack.context.tenant_id,
            'resource': self.name,
            'run': self.properties[self.RUN] or '',
            'authorizedKey': self.data().get('public_key', ''),
        }

    def _apply(self, state):
        lab = _call_gate('PUT', '/labs/%s' % self.resource_id,
                         self._lab_request(state))
        if state == 'up':
            self.data_set(self.PUBLIC_IP, lab['host'])
            self.data_set(self.USER, lab['user'])
            self.data_set(self.PASSWORD, lab['password'], redact=True)
            self.data_set(self.SSH_PORT, str(lab['sshPort']))
            self.data_set(self.RDP_PORT, str(lab['rdpPort']))
            self.data_set(self.HOST_KEY_FINGERPRINT, lab['hostKeyFingerprint'])
            self.data_set(self.RDP_CERT_SHA256, lab['rdpCertSha256'])
            self.data_set(self.VNC_PORT, str(lab['vncPort']))
            self.data_set(self.VNC_PASSWORD, lab['vncPassword'], redact=True)
            self.data_set(self.VNC_CERT_SHA256, lab['vncCertSha256'])

    def handle_create(self):
        key = ed25519.Ed25519PrivateKey.generate()
        private = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption()).decode()
        public = key.public_key().public_bytes(
            serialization.Encoding.OpenSSH,
            serialization.PublicFormat.OpenSSH).decode()
        self.resource_id_set(self.uuid)
        self.data_set(self.PRIVATE_KEY, private, redact=True)
        self.data_set('public_key', public)
        self._apply('up')

    def handle_update(self, json_snippet, tmpl_diff, prop_diff):
        # Nothing about a running host changes with these properties.
        return None

    def handle_suspend(self):
        if self.resource_id:
            self._apply('down')

    def handle_resume(self):
        if self.resource_id:
            self._apply('up')

    def handle_check(self):
        lab = _call_gate('GET', '/labs/%s' % self.resource_id)
        if lab.get('state') != 'up':
            raise exception.Error('Lab host %s is %s' % (
                self.name, lab.get('state')))

    def handle_delete(self):
        if not self.resource_id:
            return
        try:
            _call_gate('DELETE', '/labs/%s' % self.resource_id)
        except LabGateError as e:
            # A delete must not fail because the gate is down: leave a
            # tombstone, and the gate removes the host when it starts again.
            LOG.warning('Lab host %s: %s', self.resource_id, e)
            lab_dir = os.path.join(os.environ.get('LAB_SANDBOX_DIR', ''),
                                   'labs', self.resource_id)
            if os.path.isdir(lab_dir):
                open(os.path.join(lab_dir, 'deleted'), 'w').close()

    def _resolve_attribute(self, name):
        value = self.data().get(name)
        if value is not None and name in (self.SSH_PORT, self.RDP_PORT,
                                          self.VNC_PORT):
            return int(value)
        return value

    def get_reference_id(self):
        return self.resource_id


def resource_mapping():
    return {'Sandbox::LabHost': LabHost}
