/**
 * An enrolment file may name its course bundle by URL. Once the learner agreed (having been shown
 * the URL), the bundle is downloaded as the enrolment file is — https only, redirects only to https,
 * a size cap — checked as a course bundle by the importer's own checks, and only then are the cloud
 * and the course added. A refused bundle adds nothing. Against a real TLS server on loopback.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CourseLibrary } from '../courses/course-library';
import { packCourse } from '../courses/course-pack';
import { confBackend } from '../settings/conf-backend';
import { SettingsStore } from '../settings/settings-store';
import { openDatabase } from '../store/database';
import { MemorySecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import { bundleDownloadUrl } from '../../shared/contract/enrolment-calls';
import { enrolmentHandlers, libraryCourses, settingsClouds } from './app-enrolment';
import { downloadCourseBundle, type BundleDownloadOptions } from './bundle-download';
import { EnrolmentService } from './enrolment-service';

const SAMPLE_COURSE = new URL('../../../assets/sample-course/', import.meta.url).pathname;
const MAX_BYTES = 4 * 1024 * 1024;
const clock: Clock = { now: () => 1_700_000_000_000, sleep: async () => undefined };

let dir: string;
let https: Server;
let http: HttpServer;
let httpsBase: string;
let httpBase: string;
let dispatcher: Agent;
let bundle: Buffer;
const served: string[] = [];

function listen(server: Server | HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enrol-bundle-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  const packed = await packCourse(SAMPLE_COURSE, { output: join(dir, 'intro-linux.tar.gz') });
  bundle = readFileSync(packed.file);
  expect(bundle.length).toBeLessThan(MAX_BYTES);
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  http = createHttpServer((req, res) => {
    served.push(`http ${req.url}`);
    res.end(bundle);
  });
  httpBase = `http://127.0.0.1:${await listen(http)}`;
  https = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    served.push(`https ${req.url}`);
    if (req.url === '/intro-linux.tar.gz') return void res.end(bundle);
    if (req.url === '/moved') return void res.writeHead(302, { location: '/intro-linux.tar.gz' }).end();
    if (req.url === '/to-http') return void res.writeHead(302, { location: `${httpBase}/intro-linux.tar.gz` }).end();
    if (req.url === '/huge') return void res.end(Buffer.alloc(MAX_BYTES + 1));
    // No Content-Length: the cap holds on the bytes as they come.
    if (req.url === '/huge-chunked') {
      res.write(Buffer.alloc(MAX_BYTES / 2));
      res.write(Buffer.alloc(MAX_BYTES / 2));
      return void res.end(Buffer.alloc(1024));
    }
    if (req.url === '/malformed.tar.gz')
      return void res.end(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not a tar.gz at all')]));
    res.writeHead(404).end();
  });
  httpsBase = `https://127.0.0.1:${await listen(https)}`;
  dispatcher = new Agent({ connect: { ca: cert } });
}, 60_000);

afterAll(async () => {
  await dispatcher?.close();
  https?.close();
  http?.close();
  rmSync(dir, { recursive: true, force: true });
});

const fetchOptions = (): BundleDownloadOptions => ({ dispatcher, maxBytes: MAX_BYTES });

/** A learner's app: settings, secrets and a course library in a throw-away data folder. */
function learnerApp() {
  const home = mkdtempSync(join(dir, 'home-'));
  const settings = new SettingsStore(confBackend(home));
  const secrets = new MemorySecretStore();
  const library = new CourseLibrary({ db: openDatabase({ path: ':memory:' }), home, clock });
  const clouds = settingsClouds(settings);
  const service = new EnrolmentService({ clouds, secrets, courses: libraryCourses(library), verify: async () => undefined });
  return { service, library, clouds, secrets };
}

const enrolment = (bundleUrl: string) =>
  JSON.stringify({
    format: 'lab-console-enrolment/1',
    cloud: { name: 'school', authUrl: 'https://keystone.example/v3', username: 'learner7', projectName: 'lab-learner7' },
    course: { id: 'intro-linux', bundle: bundleUrl },
  });

const fetchBundle = (url: string) => downloadCourseBundle(url, fetchOptions());
const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('lab-console-bundle-'));

beforeEach(() => void (served.length = 0));

describe('the course bundle an enrolment file names by URL', () => {
  it('is downloaded over https (following an https redirect), checked and added to the library with the cloud', async () => {
    const app = learnerApp();
    const before = leftovers();
    const result = await app.service.apply('l7.lab-enrol.json', enrolment(`${httpsBase}/moved`), 'pw', { fetchBundle });
    expect(result).toMatchObject({ cloud: 'school', courseId: 'intro-linux', course: 'imported' });
    expect(result.message).toContain(`Course "intro-linux" imported from ${httpsBase}/intro-linux.tar.gz.`);
    expect(app.library.list().map((c) => c.id)).toEqual(['intro-linux']);
    expect(app.clouds.list().map((c) => c.name)).toEqual(['school']);
    // The downloaded file was only a step on the way.
    expect(leftovers()).toEqual(before);
  });

  it('is not downloaded without the learner’s agreement: the learner is told where to get it', async () => {
    const app = learnerApp();
    const result = await app.service.apply('l7.lab-enrol.json', enrolment(`${httpsBase}/intro-linux.tar.gz`), 'pw');
    expect(result).toMatchObject({ course: 'missing' });
    expect(result.message).toContain(`download ${httpsBase}/intro-linux.tar.gz and import it`);
    expect(served).toEqual([]);
  });

  it.each([
    ['over plain http', () => `${httpBase}/intro-linux.tar.gz`, /is not https: course bundles are only fetched over https/],
    ['through a redirect to http', () => `${httpsBase}/to-http`, /redirects to http:.*only fetched over https/],
    ['larger than the cap (Content-Length)', () => `${httpsBase}/huge`, /is 4194305 bytes: not a course bundle \(at most 4194304\)/],
    ['larger than the cap (as it streams)', () => `${httpsBase}/huge-chunked`, /is larger than 4194304 bytes: not a course bundle/],
    [
      'that is not a course bundle',
      () => `${httpsBase}/malformed.tar.gz`,
      /The course bundle has 1 problem\(s\):\n.*damaged or not a gzip-compressed tar archive/,
    ],
  ])('is refused %s, with a clear message, and nothing is added', async (_what, url, message) => {
    const app = learnerApp();
    const before = leftovers();
    await expect(app.service.apply('l7.lab-enrol.json', enrolment(url()), 'pw', { fetchBundle })).rejects.toThrow(message);
    expect(app.library.list()).toEqual([]);
    expect(app.clouds.list()).toEqual([]);
    expect(await app.secrets.keys()).toEqual([]);
    expect(served.filter((s) => s.startsWith('http '))).toEqual([]);
    expect(leftovers()).toEqual(before);
  });

  it('is refused when it holds another course than the enrolment’s', async () => {
    const app = learnerApp();
    const other = enrolment(`${httpsBase}/intro-linux.tar.gz`).replace('"id":"intro-linux"', '"id":"other-course"');
    await expect(app.service.apply('l7.lab-enrol.json', other, 'pw', { fetchBundle })).rejects.toThrow(
      /holds course "intro-linux", not "other-course"/,
    );
    expect(app.library.list()).toEqual([]);
    expect(app.clouds.list()).toEqual([]);
  });

  it('leaves no file behind when the download is refused on its own', async () => {
    await expect(downloadCourseBundle(`${httpsBase}/huge`, fetchOptions())).rejects.toThrow(/not a course bundle/);
    const good = await downloadCourseBundle(`${httpsBase}/intro-linux.tar.gz`, fetchOptions());
    expect(readFileSync(good.path).equals(bundle)).toBe(true);
    await good.remove();
    expect(existsSync(good.path)).toBe(false);
  });
});

describe('adding an enrolment in the app (the enrolment.apply call the dialog and the deep link make)', () => {
  const call = (app: ReturnType<typeof learnerApp>) =>
    enrolmentHandlers(
      () => app.service,
      async () => ({ fileName: 'unused', text: 'unused' }),
      fetchBundle,
    )['enrolment.apply'];

  it('downloads the bundle the learner agreed to, shown by its address, and adds the course with the cloud', async () => {
    const app = learnerApp();
    const text = enrolment(`${httpsBase}/intro-linux.tar.gz`);
    expect(bundleDownloadUrl(app.service.read('l7.lab-enrol.json', text))).toBe(`${httpsBase}/intro-linux.tar.gz`);
    const result = await call(app)({ fileName: 'l7.lab-enrol.json', text, password: 'pw', downloadBundle: true });
    expect(result).toMatchObject({ course: 'imported', courseId: 'intro-linux' });
    expect(app.library.list().map((c) => c.id)).toEqual(['intro-linux']);
    expect(served).toEqual(['https /intro-linux.tar.gz']);
  });

  it('fetches nothing when the learner did not agree, and refuses a plain-http bundle without adding anything', async () => {
    const app = learnerApp();
    const result = await call(app)({ fileName: 'l7.lab-enrol.json', text: enrolment(`${httpsBase}/intro-linux.tar.gz`), password: 'pw' });
    expect(result).toMatchObject({ course: 'missing' });
    expect(served).toEqual([]);
    const plain = enrolment(`${httpBase}/intro-linux.tar.gz`);
    // An http address is never offered for download...
    expect(bundleDownloadUrl(learnerApp().service.read('l7.lab-enrol.json', plain))).toBeNull();
    // ...and a forged call asking for it anyway is refused by the downloader.
    const other = learnerApp();
    await expect(call(other)({ fileName: 'l7.lab-enrol.json', text: plain, password: 'pw', downloadBundle: true })).rejects.toThrow(
      /only fetched over https/,
    );
    expect(other.library.list()).toEqual([]);
    expect(other.clouds.list()).toEqual([]);
  });
});
