import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AttributeMapping, MappingStatus } from '../../../shared/course/olx-conversion';
import { CREDENTIAL_ATTRIBUTES, STRUCTURAL_ATTRIBUTES, type HastexoBlock, type LabPort, type Protocol } from './hastexo-block';
import { AttributeReport } from './attribute-report';
import { checkDisplay as checkDisplayOf } from './check-display';
import { readOnlyOf, timeoutsOf } from './block-settings';
import { heatDependencies } from './heat-dependencies';
import { checkScript, HOOK_FIELD, hookWrapper, type HookEvent } from './lab-scripts';
import { OlxExportError, olxIssue, type OlxPlace } from './olx-errors';
import type { OlxFiles } from './olx-files';
import { connectionNameOf, withHash } from './olx-ids';
import { staticAssetPath } from './olx-paths';
import type { CourseIssue } from '../../../shared/course';

/** Where a bundle keeps the files that travel to Heat: any type is allowed there. */
export const LAB_FOLDER = 'lab';

type Value = string | number | { output: string };

export interface ConnectionPlan {
  name: string;
  protocol: 'ssh' | 'rdp' | 'vnc';
  /** ssh and rdp log in as the lab user; VNC's password stands alone. */
  user?: Value;
  port?: Value;
  password?: Value;
  read_only?: true;
}

export interface LabPlan {
  readonly protocol: Protocol;
  /** The `lab:` section of course.yaml. */
  readonly lab: Record<string, unknown>;
  /** Bundle path → path under the export's static/ (template, environments, what they pull in). */
  readonly labFiles: ReadonlyMap<string, string>;
  /** Bundle path → text (hook wrappers, check scripts). */
  readonly scripts: ReadonlyMap<string, string>;
  /** Check scripts for the step of the unit that holds the block. */
  readonly checks: readonly string[];
  readonly checkConnection: string | null;
  /** steps[].check_display of that step, when the block asks for other than hastexo's defaults. */
  readonly checkDisplay: Record<string, string | boolean> | undefined;
  readonly attributes: readonly AttributeMapping[];
  readonly notes: readonly string[];
}

const DEFAULT_PORT: Readonly<Record<'ssh' | 'rdp' | 'vnc', number>> = { ssh: 22, rdp: 3389, vnc: 5900 };

interface TemplateFacts {
  readonly outputs: ReadonlySet<string>;
}

/**
 * Maps a hastexo block onto the `lab:` section of a course, its check and hook scripts, and a line
 * of the conversion report for every attribute it had.
 */
export class LabMapper {
  private readonly attributeReport: AttributeReport;
  private readonly notes: string[] = [];
  private readonly issues: CourseIssue[] = [];
  private readonly labFiles = new Map<string, string>();
  private readonly scripts = new Map<string, string>();

  constructor(
    private readonly block: HastexoBlock,
    private readonly files: OlxFiles,
    private readonly staticFiles: ReadonlySet<string>,
    private readonly stepId: string,
  ) {
    this.attributeReport = new AttributeReport(block);
  }

  async map(): Promise<LabPlan> {
    const s = this.block.settings;
    const protocol = this.protocol();
    const usable = this.block.providers.filter((p) => p.capacity !== 0);
    const templateRef = s.get('stack_template_path')?.trim() || usable.find((p) => p.template)?.template;
    if (!templateRef) {
      throw new OlxExportError([
        olxIssue(
          this.block.place,
          'the lab block names no template: set stack_template_path (or a template on a provider); hastexo cannot launch it either',
        ),
      ]);
    }
    const template = await this.copyTop(templateRef, 'template', this.block.place);
    this.attributeReport.report('stack_template_path', 'mapped', `lab.template: ${template.bundlePath}`);
    const facts = await this.templateFacts(template.staticPath);
    const environmentRef = usable[0]?.environment;
    const environment = environmentRef ? await this.copyTop(environmentRef, 'environment', usable[0]!.place) : undefined;

    const user = this.user(facts);
    const { connections, checkConnection } = this.connections(protocol, user, facts);
    const readOnly = readOnlyOf(this.block, this.attributeReport);
    if (readOnly) for (const c of connections) c.read_only = true;
    const timeouts = timeoutsOf(this.block, this.attributeReport);
    const hooks = await this.hooks(checkConnection);
    const providers = await this.providers(templateRef);
    const checks = this.checks();
    const checkDisplay = checkDisplayOf(this.block, this.attributeReport, checks.length > 0);
    this.reportTheRest();

    const lab: Record<string, unknown> = {
      template: template.bundlePath,
      ...(environment ? { environment: environment.bundlePath } : {}),
      ...(providers.length ? { providers } : {}),
      connections: connections.map((c) => ({ ...c })),
      ...(Object.keys(timeouts).length ? { timeouts } : {}),
      ...(Object.keys(hooks).length ? { hooks } : {}),
    };
    if (this.issues.length) throw new OlxExportError(this.issues);
    return {
      protocol,
      lab,
      labFiles: this.labFiles,
      scripts: this.scripts,
      checks,
      checkConnection: checks.length && checkConnection ? checkConnection : null,
      checkDisplay,
      attributes: this.attributeReport.attributes,
      notes: this.notes,
    };
  }

  /** The attributes no other field mapped. */
  private reportTheRest(): void {
    this.attributeReport.report('display_name', 'ignored', "the block's name in Studio; the step keeps the unit's title");
    this.attributeReport.report(
      'enable_fullscreen',
      'ignored',
      'Lab Console is a window of its own; the learner makes it full screen with the system',
    );
    this.attributeReport.report('weight', 'ignored', 'Lab Console keeps no grades; the score of a check is passed/total');
    for (const name of CREDENTIAL_ATTRIBUTES) {
      this.attributeReport.report(
        name,
        'warning',
        name === 'provider'
          ? "ignored (hastexo deprecated it): the lab runs on the learner's own clouds (Settings › Clouds); never stored"
          : 'cloud credentials in a course are ignored and never stored: each learner uses their own cloud (Settings › Clouds)',
      );
    }
    for (const name of STRUCTURAL_ATTRIBUTES) this.attributeReport.report(name, 'default', 'where the block lives in the export');
    for (const field of this.block.fields) {
      if (!this.attributeReport.has(field.name)) this.attributeReport.report(field.name, 'ignored', 'not a field hastexo knows; ignored');
    }
  }

  // ---- fields ----

  private protocol(): Protocol {
    const raw = (this.block.settings.get('stack_protocol') ?? 'ssh').trim() || 'ssh';
    if (raw !== 'ssh' && raw !== 'rdp' && raw !== 'vnc') {
      this.issues.push(olxIssue(this.block.place, `stack_protocol="${raw}" is not one of ssh, rdp, vnc`));
      return 'ssh';
    }
    this.attributeReport.report('stack_protocol', 'mapped', `lab.connections[].protocol: ${raw}`);
    return raw;
  }

  private user(facts: TemplateFacts): Value {
    const name = this.block.settings.get('stack_user_name')?.trim();
    if (facts.outputs.has('user')) {
      this.attributeReport.report(
        'stack_user_name',
        'mapped',
        'lab.connections[].user: {output: user} — the template outputs the lab user, which wins',
      );
      return { output: 'user' };
    }
    if (!name) {
      this.issues.push(
        olxIssue(this.block.place, "stack_user_name is missing: hastexo needs the lab user's name (the template must create that user)"),
      );
      return 'training';
    }
    this.attributeReport.report('stack_user_name', 'mapped', `lab.connections[].user: ${name}`);
    return name;
  }

  /** A port written as the protocol's usual one reads the template's `<protocol>_port` output when it has one. */
  private portValue(protocol: Protocol, number: number, facts: TemplateFacts): Value | undefined {
    const output = `${protocol}_port`;
    if (number === DEFAULT_PORT[protocol] && facts.outputs.has(output)) return { output };
    return number === DEFAULT_PORT[protocol] ? undefined : number;
  }

  private connections(
    protocol: Protocol,
    user: Value,
    facts: TemplateFacts,
  ): { connections: ConnectionPlan[]; checkConnection: string | null } {
    const connections: ConnectionPlan[] = [];
    const names = new Set<string>();
    const unique = (wanted: string, source: string): string => {
      let name = wanted;
      if (names.has(name)) name = withHash(wanted, `${source}#${connections.length}`, 32);
      names.add(name);
      return name;
    };
    // hastexo's VNC used the stack's password; a template with its own VNC password output names it.
    const vncPassword: Value | undefined = protocol === 'vnc' && facts.outputs.has('vnc_password') ? { output: 'vnc_password' } : undefined;
    const add = (name: string, p: Protocol, port: Value | undefined): ConnectionPlan => {
      const plan: ConnectionPlan =
        p === 'vnc'
          ? { name, protocol: p, ...(port !== undefined ? { port } : {}), ...(vncPassword ? { password: vncPassword } : {}) }
          : { name, protocol: p, user, ...(port !== undefined ? { port } : {}) };
      connections.push(plan);
      return plan;
    };
    const ports: readonly LabPort[] = this.block.ports;
    if (ports.length === 0)
      add(unique(protocol === 'ssh' ? 'terminal' : 'desktop', protocol), protocol, this.portValue(protocol, DEFAULT_PORT[protocol], facts));
    for (const port of ports) add(unique(connectionNameOf(port.name), port.name), protocol, this.portValue(protocol, port.number, facts));
    const portConnections = ports.length ? connections.slice(-ports.length) : [];
    this.attributeReport.each(
      'ports',
      portConnections.map(
        (c, i) =>
          [
            'mapped',
            `lab.connections "${c.name}" (${protocol}, port ${describePort(c.port, DEFAULT_PORT[protocol])}) — the learner picks a connection as they picked "${ports[i]!.name}"`,
          ] as const,
      ),
    );
    // hastexo reached every lab over ssh on port 22 with the stack's key, for checks and hooks.
    let checkConnection =
      connections.find((c) => c.protocol === 'ssh' && (c.port === undefined || typeof c.port === 'object'))?.name ?? null;
    if (!checkConnection) {
      if (facts.outputs.has('private_key') || facts.outputs.has('password')) {
        const helper = add(unique('terminal', 'ssh'), 'ssh', this.portValue('ssh', 22, facts));
        checkConnection = helper.name;
        this.notes.push(
          `An ssh connection "${helper.name}" runs the checks and hooks, as hastexo reached every lab over ssh (port 22, the stack's key).`,
        );
      } else {
        this.notes.push('The template has no private_key or password output: checks and hooks cannot reach the lab over ssh.');
      }
    }
    return { connections, checkConnection };
  }

  private async hooks(connection: string | null): Promise<Record<string, unknown>> {
    const scriptRef = this.block.settings.get('hook_script')?.trim();
    const events = this.block.hookEvents;
    const hooks: Record<string, unknown> = {};
    if (!scriptRef) {
      this.attributeReport.report('hook_script', 'default', 'no hook script');
      this.attributeReport.report('hook_events', events ? 'ignored' : 'default', events ? 'no hook_script to run' : 'no hooks');
      return hooks;
    }
    const path = staticAssetPath(scriptRef);
    if (!path.ok) throw OlxExportError.at(this.block.place, `hook_script ${path.reason}`);
    const script = await this.files.text(`static/${path.path}`, this.block.place);
    const on = (Object.keys(HOOK_FIELD) as HookEvent[]).filter((e) => events?.[e]);
    if (!events || on.length === 0) {
      this.attributeReport.report(
        'hook_script',
        'ignored',
        'hastexo runs the hook script only for the events hook_events switches on; none are',
      );
      this.attributeReport.report('hook_events', 'default', 'no event switched on');
      return hooks;
    }
    if (!connection) this.notes.push('The hook script cannot run: the lab has no ssh connection.');
    for (const event of on) {
      const file = `hooks/${HOOK_FIELD[event].replace('_', '-')}.sh`;
      this.scripts.set(file, hookWrapper(posix.basename(path.path), script, event));
      hooks[HOOK_FIELD[event]] = { script: file, ...(connection ? { connection } : {}) };
    }
    this.attributeReport.report(
      'hook_script',
      'mapped',
      `lab.hooks: ${on.map((e) => `${HOOK_FIELD[e]} → hooks/${HOOK_FIELD[e].replace('_', '-')}.sh`).join(', ')} (each runs the script with the event as its argument, as hastexo did)`,
    );
    this.attributeReport.report('hook_events', 'mapped', `events ${on.join(', ')} → ${on.map((e) => HOOK_FIELD[e]).join(', ')}`);
    return hooks;
  }

  private async providers(defaultRef: string): Promise<Record<string, string>[]> {
    const out: Record<string, string>[] = [];
    const mappings: [MappingStatus, string][] = [];
    for (const provider of this.block.providers) {
      if (provider.capacity === 0) {
        mappings.push(['ignored', `"${provider.name}": capacity 0, disabled — skipped`]);
        continue;
      }
      const capacity = provider.capacity > 0 ? ` (capacity ${provider.capacity} not used: one learner runs one lab)` : '';
      if (provider.name === 'default') {
        mappings.push(['mapped', `"default": the learner's own clouds, in their order${capacity}`]);
        continue;
      }
      const entry: Record<string, string> = { cloud: provider.name };
      if (provider.template && provider.template !== defaultRef)
        entry.template = (await this.copyTop(provider.template, 'template', provider.place)).bundlePath;
      if (provider.environment) entry.environment = (await this.copyTop(provider.environment, 'environment', provider.place)).bundlePath;
      out.push(entry);
      mappings.push(['mapped', `"${provider.name}" → lab.providers (the learner's cloud of that name, tried first)${capacity}`]);
    }
    if (this.block.providers.length) this.attributeReport.each('providers', mappings);
    return out;
  }

  private checks(): string[] {
    const checks: string[] = [];
    this.block.tests.forEach((test, index) => {
      const script = checkScript(test.script);
      const file = `checks/${this.stepId}-${index + 1}${script.extension}`;
      this.scripts.set(file, script.content);
      checks.push(file);
      if (script.addedShebang)
        this.notes.push(
          `${test.place.file}:${test.place.line ?? 0}: test ${index + 1} has no "#!" line; it runs with /bin/sh, as a shell would have run it`,
        );
    });
    this.attributeReport.report(
      'tests',
      checks.length ? 'mapped' : 'default',
      checks.length ? `steps[${this.stepId}].checks: ${checks.join(', ')} (stderr of a failing one is its hint; score = passed/total)` : '',
    );
    this.attributeReport.report(
      'stack_key_type',
      (this.block.settings.get('stack_key_type') ?? '').trim() ? 'warning' : 'default',
      (this.block.settings.get('stack_key_type') ?? '').trim()
        ? 'not supported: Lab Console does not create a Nova key pair for the stack; the template must make its key (OS::Nova::KeyPair, save_private_key) and output private_key'
        : 'the template makes the key and outputs private_key',
    );
    return checks;
  }

  // ---- files ----

  /** Copies a template or environment named by the block (and what it pulls in) under lab/. */
  private async copyTop(
    reference: string,
    kind: 'template' | 'environment',
    at: OlxPlace,
  ): Promise<{ bundlePath: string; staticPath: string }> {
    const path = staticAssetPath(reference);
    if (!path.ok) throw OlxExportError.at(at, `${kind} ${path.reason}`);
    if (!this.staticFiles.has(path.path)) throw OlxExportError.at(at, `${kind} "${reference}" is not in the export's static/ folder`);
    // course.yaml names templates and environments by a .yaml/.yml name.
    const bundlePath = `${LAB_FOLDER}/${path.path}${/\.ya?ml$/i.test(path.path) ? '' : '.yaml'}`;
    this.labFiles.set(bundlePath, path.path);
    for (const dependency of await heatDependencies(this.files, path.path, kind, at))
      this.labFiles.set(`${LAB_FOLDER}/${dependency}`, dependency);
    return { bundlePath, staticPath: path.path };
  }

  private async templateFacts(staticPath: string): Promise<TemplateFacts> {
    let data: unknown;
    try {
      data = parseYaml(await this.files.text(`static/${staticPath}`), { version: '1.1', maxAliasCount: 100, uniqueKeys: false });
    } catch {
      data = undefined;
    }
    const outputs = data && typeof data === 'object' && !Array.isArray(data) ? (data as { outputs?: unknown }).outputs : undefined;
    return { outputs: new Set(outputs && typeof outputs === 'object' ? Object.keys(outputs) : []) };
  }
}

function describePort(port: Value | undefined, fallback: number): string {
  if (port === undefined) return String(fallback);
  return typeof port === 'object' ? `from the template's output ${port.output}` : String(port);
}
