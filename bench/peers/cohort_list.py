"""The peer of `lab-console cohort list`, in one process: the projects the instructor reaches
(GET /v3/auth/projects), then in each a token scoped to it, its stacks tagged lc-course=COURSE, and
each lab's stack-level events — CONCURRENCY projects (then labs) at a time, as Lab Console does."""
import sys
from concurrent.futures import ThreadPoolExecutor

import peer_timing

cloud, course, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = peer_timing.connect(cloud)
projects = conn.session.get('/auth/projects', endpoint_filter={'service_type': 'identity', 'interface': 'public'}).json()['projects']


def project_labs(project):
    scoped = peer_timing.as_project(conn, project['id'])
    answer = scoped.orchestration.get('/stacks', params={'tags': f'lc,lc-course={course}'})
    answer.raise_for_status()
    return [(scoped, s) for s in answer.json()['stacks'] if s['stack_status'] != 'DELETE_COMPLETE']


def events(lab):
    scoped, stack = lab
    path = f"/stacks/{stack['stack_name']}/{stack['id']}/events"
    params = {'resource_name': stack['stack_name'], 'sort_dir': 'asc', 'sort_keys': 'event_time'}
    answer = scoped.orchestration.get(path, params=params)
    answer.raise_for_status()
    return stack, answer.json()['events']


with ThreadPoolExecutor(concurrency) as pool:
    labs = [lab for labs in pool.map(project_labs, projects) for lab in labs]
    listed = list(pool.map(events, labs))
for stack, stack_events in listed:
    print(stack['stack_name'], stack['stack_status'], len(stack_events))
print(f'{len(listed)} labs in {len(projects)} projects', file=sys.stderr)
