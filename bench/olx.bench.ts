import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { create as createTar } from 'tar';
import { OLX_CORPUS } from '../src/core/courses/olx/olx-corpus.test-support';
import { convertExport } from '../src/core/courses/olx/olx-export';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * Converting an Open edX export with hastexo labs (`lab-console course convert`): a generated
 * export of 200 units at full size (5 at tiny) — subsections of 20 units, each with html and an
 * image, code, a table, a problem, and a hastexo block with tests — from its folder and from the
 * .tar.gz Studio would write. Absolute figures, on the machine named in the metric.
 */
const UNITS_PER_SUBSECTION = 20;

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

function unitHtml(n: number): string {
  return `<h3>Unit ${n}: routes and tables</h3>
<p><img src="/static/routing-table.png" alt="Routing table ${n}"/>Every host keeps a <em>routing table</em>; unit ${n} shows
how <strong>packets</strong> find their next hop, with <a href="https://man7.org/linux/man-pages/man8/ip-route.8.html">the manual</a>.</p>
<ul><li>destination <code>10.${n % 250}.0.0/24</code></li><li>gateway <code>192.168.1.1</code></li></ul>
<pre><code class="language-bash">ip route add 10.${n % 250}.0.0/24 via 192.168.1.1
ip route show</code></pre>
<table><tr><th>Destination</th><th>Gateway</th></tr><tr><td>10.${n % 250}.0.0/24</td><td>192.168.1.1</td></tr></table>\n`;
}

/** Writes an export of `units` units under `root/course/`, as Studio lays it out. */
export async function generateExport(root: string, units: number): Promise<string> {
  const course = join(root, 'course');
  const subsections = Math.ceil(units / UNITS_PER_SUBSECTION);
  await write(join(course, 'course.xml'), '<course url_name="bench" org="bench" course="OLX200"/>\n');
  await write(
    join(course, 'course', 'bench.xml'),
    '<course display_name="Benchmark course">\n  <chapter url_name="chapter_1"/>\n</course>\n',
  );
  await write(
    join(course, 'chapter', 'chapter_1.xml'),
    `<chapter display_name="Everything">\n${Array.from({ length: subsections }, (_, s) => `  <sequential url_name="seq_${s + 1}"/>`).join('\n')}\n</chapter>\n`,
  );
  for (const file of ['hot_lab.yaml', 'hot_env.yaml', 'hot_lab_host.yaml', 'routing-table.png']) {
    await mkdir(join(course, 'static'), { recursive: true });
    await copyFile(join(OLX_CORPUS, 'static', file), join(course, 'static', file));
  }
  let unit = 0;
  for (let s = 1; s <= subsections; s++) {
    const names: string[] = [];
    for (let u = 1; u <= UNITS_PER_SUBSECTION && unit < units; u++) {
      unit++;
      const name = `unit_${unit}`;
      names.push(name);
      const lab =
        u === Math.min(2, units)
          ? `  <hastexo url_name="lab_${s}" stack_template_path="hot_lab.yaml" stack_user_name="training" suspend_timeout="300">
    <provider name="default" capacity="-1" environment="hot_env.yaml"/>
    <test><![CDATA[#!/bin/sh
test -f "$HOME/unit-${unit}.txt" || { echo "Create ~/unit-${unit}.txt" >&2; exit 1; }
]]></test>
  </hastexo>\n`
          : '';
      const problem =
        u === UNITS_PER_SUBSECTION ? '  <problem url_name="quiz_' + s + '" display_name="Quiz"><p>Which route?</p></problem>\n' : '';
      await write(
        join(course, 'vertical', `${name}.xml`),
        `<vertical display_name="Unit ${unit}">\n  <html url_name="${name}_text"/>\n${lab}${problem}</vertical>\n`,
      );
      await write(join(course, 'html', `${name}_text.xml`), `<html filename="${name}_text" display_name="Unit ${unit}"/>\n`);
      await write(join(course, 'html', `${name}_text.html`), unitHtml(unit));
    }
    await write(
      join(course, 'sequential', `seq_${s}.xml`),
      `<sequential display_name="Subsection ${s}">\n${names.map((n) => `  <vertical url_name="${n}"/>`).join('\n')}\n</sequential>\n`,
    );
  }
  return course;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const bench: Bench = {
  name: 'olx',
  needsSandbox: false,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const units = full ? 200 : 5;
    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores)`;
    const work = await mkdtemp(join(tmpdir(), 'lc-bench-olx-'));
    try {
      // One small conversion first, so the figures below do not include loading the code.
      await convertExport(await generateExport(join(work, 'warm'), 3), join(work, 'out-warm'));
      const folder = await generateExport(join(work, 'export'), units);
      const archive = join(work, 'export.tar.gz');
      await createTar({ gzip: true, file: archive, cwd: join(work, 'export'), portable: true }, ['course']);
      const fromFolder = await timed(() => convertExport(folder, join(work, 'out-folder')));
      const fromArchive = await timed(() => convertExport(archive, join(work, 'out-archive')));
      const courses = Math.ceil(units / UNITS_PER_SUBSECTION);
      context.log(
        `${units} units in ${courses} lab subsection(s): folder ${fromFolder.toFixed(0)} ms, .tar.gz ${fromArchive.toFixed(0)} ms`,
      );
      return [
        {
          metric: `course convert of a ${units}-unit Open edX export folder (${courses} courses) on ${machine}`,
          value: Math.round(fromFolder),
          unit: 'ms',
          target: '≤ 5000 ms',
          met: full ? fromFolder <= 5000 : undefined,
        },
        {
          metric: `course convert of the same export as .tar.gz (extract + convert + validate)`,
          value: Math.round(fromArchive),
          unit: 'ms',
          target: '≤ 5000 ms',
          met: full ? fromArchive <= 5000 : undefined,
        },
        { metric: 'per unit (from the folder)', value: Math.round((fromFolder / units) * 10) / 10, unit: 'ms' },
      ];
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

export default bench;
