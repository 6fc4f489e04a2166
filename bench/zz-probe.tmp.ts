import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium';
import { startServe } from '../test/support/serve-process';
import { dashboardAtScale, syntheticListing } from '../bench/support/dashboard-at-scale';
const labs = Number(process.argv[2] ?? 50);
const projects = Number(process.argv[3] ?? 5);
const serve = await startServe(mkdtempSync(join(tmpdir(), 'cohort2-probe-')), {});
const browser = await launchChromium();
const t0 = Date.now();
try {
  const r = await dashboardAtScale(browser, serve, syntheticListing('probe-course', labs, projects));
  console.log(JSON.stringify(r), 'wall', Date.now() - t0);
} catch (e) { console.log('ERR', e instanceof Error ? e.message.slice(0, 2000) : e, 'wall', Date.now() - t0); }
finally { await browser.close(); await serve.stop(); }
