import { shortHash } from './olx-ids';

/**
 * Check and hook scripts made from a hastexo block. hastexo ran each `<test>` as a program (its
 * shebang picks the interpreter) and ran `hook_script` with the event as its first argument
 * ("suspend", "resume", "delete"); Lab Console runs a course script without arguments, so each
 * hook event gets a small wrapper that carries the original script and passes the event on.
 */

export type HookEvent = 'suspend' | 'resume' | 'delete';

export const HOOK_FIELD: Readonly<Record<HookEvent, 'before_suspend' | 'after_resume' | 'before_delete'>> = {
  suspend: 'before_suspend',
  resume: 'after_resume',
  delete: 'before_delete',
};

export interface CheckScript {
  /** The file name's extension, from the interpreter: ".sh", ".py" or "" (allowed under checks/). */
  readonly extension: string;
  readonly content: string;
  /** True when the test had no "#!" line and "#!/bin/sh" was put first (how a shell runs such a file). */
  readonly addedShebang: boolean;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function checkScript(test: string): CheckScript {
  const text = test.replace(/^\s*\n/, '');
  const addedShebang = !text.startsWith('#!');
  const content = withNewline(addedShebang ? `#!/bin/sh\n${text}` : text);
  const shebang = content.slice(0, content.indexOf('\n'));
  const extension = /\b(sh|bash|dash|ksh|zsh)\b/.test(shebang) ? '.sh' : /\bpython[0-9.]*\b/.test(shebang) ? '.py' : '';
  return { extension, content, addedShebang };
}

export function hookWrapper(scriptName: string, script: string, event: HookEvent): string {
  let delimiter = `LAB_CONSOLE_HOOK_${shortHash(script, 8).toUpperCase()}`;
  while (script.includes(delimiter)) delimiter += '_';
  return [
    '#!/bin/sh',
    `# hastexo hook_script "${scriptName.replace(/[\r\n]/g, ' ')}" for the "${event}" event. hastexo ran it with the`,
    '# event as its first argument; this wrapper does the same. The script follows unchanged.',
    'script=$(mktemp) || exit 1',
    `cat > "$script" <<'${delimiter}'`,
    withNewline(script).replace(/\n$/, ''),
    delimiter,
    'chmod 700 "$script"',
    `"$script" ${event}`,
    'status=$?',
    'rm -f "$script"',
    'exit $status',
    '',
  ].join('\n');
}
