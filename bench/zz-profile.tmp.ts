import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium';
import { startServe } from '../test/support/serve-process';
import { readFileSync, existsSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';
import { syntheticListing } from '../bench/support/dashboard-at-scale';
const listing = syntheticListing('probe-course', 5000, 250);
const serve = await startServe(mkdtempSync(join(tmpdir(), 'cohort2-probe-')), {});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  await page.routeWebSocket(/\/api\?/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id: number; call: string };
      if (frame.call !== 'cohort.list') return server.send(message);
      ws.send(JSON.stringify({ id: frame.id, result: { ok: true, value: listing } }));
    });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(`${serve.url}#/instructor/probe-course`);
  await page.getByTestId('row-count').filter({ hasText: '5,000 of 5,000 labs' }).waitFor({ timeout: 60000 });
  if (process.argv[2] === 'sort') {
    await page.getByRole('button', { name: /^Learner/ }).click();
    await page.getByRole('button', { name: /^Learner ▼/ }).waitFor();
  }
  await page.waitForTimeout(300);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const maps: Record<string, SourceMapConsumer> = {};
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!;
    const file = n.callFrame.url.split('/').pop()!.split('?')[0]!;
    let where = `${file}:${n.callFrame.lineNumber}`;
    const mapFile = join('dist/renderer/assets', file + '.map');
    if (file.endsWith('.js') && existsSync(mapFile)) {
      maps[file] ??= new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8')));
      const o = maps[file].originalPositionFor({ line: n.callFrame.lineNumber + 1, column: n.callFrame.columnNumber });
      where = `${(o.source ?? '').split('/').slice(-2).join('/')}:${o.line} ${o.name ?? ''}`;
    }
    const key = `${n.callFrame.functionName || '(anon)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(1).padStart(8), k);
} finally { await browser.close(); await serve.stop(); }
