/**
 * "Run in terminal" buttons in the course text type into whichever terminal is active. The terminal
 * registers itself here while it is connected; with none, the button explains what to do.
 */
type RunHandler = (command: string) => void;

let active: RunHandler | undefined;

export function setActiveTerminal(handler: RunHandler | undefined): void {
  active = handler;
}

/** Returns false when no terminal is connected. */
export function runInTerminal(command: string): boolean {
  if (!active) return false;
  active(command.endsWith('\n') ? command : `${command}\n`);
  return true;
}
