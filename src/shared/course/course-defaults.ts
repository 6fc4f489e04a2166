/** Defaults, in seconds, taken from hastexo-xblock so existing courses behave the same. */
export const COURSE_DEFAULTS = {
  launch_timeout: 15 * 60,
  suspend_timeout: 2 * 60,
  max_session: null,
  delete_age: 14 * 86_400,
  check_timeout: 60,
  hook_timeout: 5 * 60,
  /** A solve script may run this long (it may install or configure what a step asks for). */
  solve_timeout: 5 * 60,
  max_extensions: 0,
  extension: 30 * 60,
  ssh_port: 22,
  rdp_port: 3389,
  vnc_port: 5900,
  host_output: 'public_ip',
  private_key_output: 'private_key',
  password_output: 'password',
} as const;
