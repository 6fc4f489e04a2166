"""Shared by the python peers of the benches: openstacksdk connections whose requests are timed
as python-requests times them (`elapsed`: request sent until response headers), written as JSON
lines to $LAB_BENCH_HTTP_TIMING when the script ends — the same lines
bench/support/http-timing-preload.ts writes for Lab Console, so server time is counted alike."""
import atexit
import json
import os
import threading
import time

import openstack

_lines = []
_lock = threading.Lock()


def _timed(response, *args, **kwargs):
    # Called once the response headers are parsed: it was sent `elapsed` ago.
    elapsed = response.elapsed.total_seconds() * 1000
    line = {'kind': 'http', 'at': time.monotonic() * 1000 - elapsed, 'method': response.request.method,
            'path': response.request.url, 'status': response.status_code, 'headersMs': elapsed}
    with _lock:
        _lines.append(line)


def _watch(conn):
    conn.session.session.hooks['response'].append(_timed)
    return conn


def connect(cloud, **overrides):
    return _watch(openstack.connect(cloud=cloud, **overrides))


def as_project(conn, project_id):
    return _watch(conn.connect_as_project({'id': project_id}))


def _write():
    path = os.environ.get('LAB_BENCH_HTTP_TIMING')
    if not path:
        return
    with open(path, 'a') as out:
        for line in _lines:
            out.write(json.dumps(line) + '\n')
        out.write(json.dumps({'kind': 'exit', 'at': time.monotonic() * 1000}) + '\n')


atexit.register(_write)
