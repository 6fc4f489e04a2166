import { parseYamlFile, parseYamlFileFully } from '../openstack/clouds-config/config-files';
import { selectEndpoint } from '../openstack/keystone/catalog';
import { parseKeystoneTime, TokenBodySchema } from '../openstack/keystone/results';
import { EventListSchema, StackListSchema } from '../openstack/heat/results';
import { toEvent, toSummary } from '../openstack/heat/stack-records';

/*
 * What every command that talks to a cloud parses before and between its first requests, run once
 * while the CLI's start-up snapshot is built so that the code paths are compiled in the blob: a
 * clouds.yaml read as openstacksdk reads it (in one pass, and by the full YAML 1.1 parser with its
 * own schema and line counter, not the parser's default), and a Keystone token with its catalog.
 * Sample data only, in memory: the blob is the same for every user.
 */

/** Never read: the name a parse error would carry. */
const SAMPLE_FILE = '/nonexistent/clouds.yaml';
const REGION = 'RegionOne';

const CLOUDS_YAML = `clouds:
  lab:
    auth:
      auth_url: http://keystone.invalid:5000/v3
      username: learner
      password: secret
      project_name: learners
      user_domain_name: Default
      project_domain_name: Default
    region_name: ${REGION}
    interface: public
    identity_api_version: 3
    verify: true
`;

const TOKEN_BODY = JSON.stringify({
  token: {
    methods: ['password'],
    user: { id: 'u', name: 'learner', domain: { id: 'default', name: 'Default' } },
    project: { id: 'p', name: 'learners', domain: { id: 'default', name: 'Default' } },
    roles: [{ id: 'r', name: 'member' }],
    expires_at: '2030-01-01T00:00:00.000000Z',
    issued_at: '2029-12-31T23:00:00.000000Z',
    catalog: ['identity', 'orchestration'].map((type) => ({
      id: type,
      type,
      name: type,
      endpoints: ['public', 'internal', 'admin'].map((iface) => ({
        id: `${type}-${iface}`,
        interface: iface,
        region: REGION,
        region_id: REGION,
        url: `http://${type}.invalid/`,
      })),
    })),
  },
});

/** Parses the samples; returns what it read from them, so a test can tell the paths were taken. */
export function warmCloudParsing(): { authUrl: unknown; orchestration: string } {
  const file = parseYamlFile(SAMPLE_FILE, CLOUDS_YAML);
  // Most files are read in one pass; one that is not (anchors, lists, escapes) by the full parser.
  parseYamlFileFully(SAMPLE_FILE, CLOUDS_YAML).lineOf(['clouds', 'lab', 'auth', 'auth_url']);
  // Where a field's error points: the line lookup every invalid cloud takes.
  file.lineOf(['clouds', 'lab', 'auth', 'auth_url']);
  const lab = (file.data.clouds as { lab: { auth: { auth_url: unknown } } }).lab;
  const { token } = TokenBodySchema.parse(JSON.parse(TOKEN_BODY));
  parseKeystoneTime(token.expires_at);
  if (token.issued_at) parseKeystoneTime(token.issued_at);
  const orchestration = selectEndpoint(token.catalog ?? [], { type: 'orchestration', interface: 'public', region: REGION });
  return { authUrl: lab.auth.auth_url, orchestration };
}

/** A stack record as Heat lists it (GET /stacks), with the fields a listing carries. */
const STACK_LIST_BODY = JSON.stringify({
  stacks: ['CREATE_COMPLETE', 'SUSPEND_COMPLETE', 'CREATE_FAILED'].map((status, i) => ({
    id: `00000000-0000-4000-8000-00000000000${i}`,
    stack_name: `sample-${i}`,
    stack_status: status,
    stack_status_reason: 'Stack CREATE completed successfully',
    creation_time: '2029-12-31T23:00:00Z',
    updated_time: i ? '2029-12-31T23:30:00Z' : null,
    deletion_time: null,
    description: 'No description',
    tags: i ? ['sample'] : null,
    stack_owner: 'learner',
    stack_user_project_id: 'p',
    parent: null,
    project: 'p',
    links: [{ href: 'http://orchestration.invalid/', rel: 'self' }],
  })),
});

/**
 * A stack list parsed as a listing parses it (its schema, then each record to a summary), so that a
 * snapshot of a command that lists stacks holds those paths compiled; returns the summaries' names.
 */
export function warmStackListParsing(): string[] {
  return StackListSchema.parse(JSON.parse(STACK_LIST_BODY)).stacks.map((record) => toSummary(record).name);
}

/** A stack's events as Heat lists them (GET /stacks/{name}/{id}/events), with the fields a listing reads. */
const EVENT_LIST_BODY = JSON.stringify({
  events: ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'].map((status, i) => ({
    id: `event-${i}`,
    event_time: '2029-12-31T23:00:00Z',
    resource_name: i ? 'sample' : 'server',
    logical_resource_id: i ? 'sample' : 'server',
    physical_resource_id: `00000000-0000-4000-8000-00000000000${i}`,
    resource_status: status,
    resource_status_reason: 'state changed',
  })),
});

/**
 * Events parsed as a cohort listing parses each project's (their schema, then each record to an
 * event), so that the blob of the commands that read them holds that schema built: it is built at
 * its first parse (z.lazy), which the cloud commands never reach. Returns the events' statuses.
 */
export function warmEventListParsing(): string[] {
  return EventListSchema.parse(JSON.parse(EVENT_LIST_BODY)).events.map((record) => toEvent(record, 'sample').status);
}
