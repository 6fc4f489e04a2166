"""The peer of `lab-console cloud check`, doing the same work: a token (with its catalog) for CLOUD,
the catalog's Heat endpoint, and one Heat call (GET /build_info)."""
import sys

import peer_timing

conn = peer_timing.connect(sys.argv[1])
token = conn.session.get_token()
catalog = conn.session.auth.get_access(conn.session).service_catalog
heat = catalog.url_for(service_type='orchestration', interface=conn.config.get_interface() or 'public')
answer = conn.orchestration.get('/build_info')
answer.raise_for_status()
print(f'authenticated; Heat at {heat}: {answer.json()}')
