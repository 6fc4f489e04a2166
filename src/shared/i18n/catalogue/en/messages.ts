/**
 * Sentences the app composes (src/core) that reach a person through the API or its events: failed
 * calls, session status, lab failures. The core sends the key and its parameters beside the English
 * text; the renderer (or the CLI) shows the key in the reader's language. Raw words from the cloud
 * or a server (Heat's reason, an HTTP status, a fingerprint) arrive as parameters, untranslated.
 */
export const messages = {
  // What did not happen, by the learner's action: nested into the cloud faults as {{untouched}}.
  untouched: {
    launch: 'the lab was not launched',
    resume: 'the lab stays suspended, with your work in it',
    suspend: 'the lab was not suspended and keeps running',
    delete: 'nothing was deleted: your lab is as it was',
    reset: 'nothing was deleted: your lab is as it was',
  },
  cloud: {
    credentialsRefused:
      'Cloud "{{cloud}}" refused Lab Console\'s login, so {{untouched}}. Its password or application credential may have changed: update it in Settings › Clouds (or in clouds.yaml for the command line), then try again.',
    unreachable:
      'Cloud "{{cloud}}" is not answering right now, so {{untouched}}. This is on the cloud\'s side: try again in a few minutes.',
    unusable: 'Cloud "{{cloud}}" cannot be used ({{problem}}), so {{untouched}}. Check it in Settings › Clouds and Settings › Lab limits.',
  },
  ssh: {
    refused:
      'The lab at {{host}}:{{port}} refused the SSH connection. The machine may still be booting or its SSH server is down: wait a minute and reconnect; if it persists, tell your instructor.',
    timeout:
      "No SSH answer from {{host}}:{{port}} within {{seconds}} s. The lab may be suspended or unreachable from this network (a firewall or VPN): check the lab's state and your connection, then reconnect.",
    authFailed:
      'The lab at {{host}}:{{port}} refused the login of user "{{user}}" by {{methods}}. The lab\'s key or password (its stack outputs) may not match this machine: tell your instructor, or check the course\'s output mapping for the user name and key.',
    authFailedAnyMethod:
      'The lab at {{host}}:{{port}} refused the login of user "{{user}}" by any method. The lab\'s key or password (its stack outputs) may not match this machine: tell your instructor, or check the course\'s output mapping for the user name and key.',
    // Authentication methods are protocol names ("publickey"): only the "and" is the reader's.
    methodsAnd: '{{list}} and {{method}}',
    hostKeyChanged:
      'WARNING: the host key of {{host}}:{{port}} has changed since it was first seen for this lab (stack {{stackId}}). Expected {{expected}}, received {{received}}. Someone could be intercepting the connection, so it was blocked: tell your instructor, and type no password into this lab meanwhile. If they rebuilt the machine on purpose, a new lab pins its new key (Reset in the app; `lab-console lab delete` then `lab launch` on the command line), which deletes the files in the old one.',
    hostKeyMismatch:
      'WARNING: the host key of {{host}}:{{port}} does not match the fingerprint the lab published. Expected {{expected}}, received {{received}}. The connection was blocked because someone could be intercepting it: tell your instructor or the course author, and type no password into this lab meanwhile.',
    disconnected:
      'The SSH connection to {{host}}:{{port}} was lost ({{detail}}). The lab may have been suspended or the network dropped: reconnect, or resume the lab first.',
  },
  // RDP session failures (src/core/connect/rdp/rdp-errors.ts); {{detail}} is the client's or server's own words.
  rdp: {
    refused:
      "Nothing accepts RDP connections on {{host}}:{{port}} (connection refused): the lab's desktop service is not running yet, or the port is wrong.",
    unreachable: 'Could not reach the RDP server on {{host}}:{{port}}: {{detail}}.',
    tlsFailed: 'The RDP server on {{host}}:{{port}} did not complete a TLS connection: {{detail}}.',
    certificateChanged:
      'The RDP server on {{host}}:{{port}} presents a different certificate than the first time (expected SHA-256 {{expected}}, got {{received}}). The password was not sent. If the lab was rebuilt this is expected — forget the old certificate for this lab; otherwise someone may be intercepting the connection.',
    certificateNotTrusted:
      'The certificate of {{host}}:{{port}} (SHA-256 {{received}}) was not accepted: {{detail}}. The password was not sent.',
    loginWindow:
      'xrdp on {{host}}:{{port}} did not log in "{{user}}": it showed its own Connection Log window instead of a desktop. Most likely the password is wrong (xrdp reports a failed login only on screen, never in the protocol), or the session could not start.',
    loginTimeout:
      'No desktop from {{host}}:{{port}} within {{seconds}} s of sending the login for "{{user}}". The password may be wrong (xrdp reports a failed login only on screen, never in the protocol), or the session is slow to start.',
    protocolFailed: 'The RDP connection to {{host}}:{{port}} failed: {{detail}}.',
  },
  // VNC session failures (src/core/connect/vnc); {{detail}} and {{reason}} are the client's or server's own words.
  vnc: {
    refused:
      "Nothing accepts VNC connections on {{host}}:{{port}} (connection refused): the lab's desktop is not running yet, or the port is wrong.",
    unreachable: 'Could not reach the VNC server on {{host}}:{{port}}: {{detail}}.',
    noAnswer: 'Could not reach the VNC server on {{host}}:{{port}}: no answer in time.',
    closedBeforeReady: 'The VNC connection was closed before it was ready.',
    serverClosed: 'The VNC server closed the connection.',
    connectionFailed: 'The connection to the VNC server failed: {{detail}}.',
    tlsFailed: 'The VNC server on {{host}}:{{port}} did not complete a TLS connection: {{detail}}.',
    certificateChanged:
      'The VNC server on {{host}}:{{port}} presents a different certificate than the first time (expected SHA-256 {{expected}}, got {{received}}). The password was not sent. If the lab was rebuilt this is expected — reset the lab; otherwise someone may be intercepting the connection.',
    certificateNotTrusted:
      'The certificate of {{host}}:{{port}} (SHA-256 {{received}}) was not accepted: {{detail}}. The password was not sent.',
    noPassword:
      "The VNC server on {{host}}:{{port}} asks for a password, but the lab gives none: its template must publish one as the connection's password output.",
    passwordRefused:
      "The VNC server on {{host}}:{{port}} refused the password. The lab's VNC password may have changed: reset the lab, or tell your instructor.",
    passwordRefusedBecause:
      "The VNC server on {{host}}:{{port}} refused the password ({{reason}}). The lab's VNC password may have changed: reset the lab, or tell your instructor.",
  },
  // Web page sessions (src/core/connect/web).
  web: {
    certificateChanged:
      'The web console "{{service}}" presents a different HTTPS certificate than the first time (expected SHA-256 {{expected}}, got {{received}}). Nothing was sent to it. If the service was set up again this is expected — reset the lab; otherwise someone may be intercepting it.',
    otherConnection: 'The web page "{{service}}" is reached through the connection "{{connection}}", not "{{requested}}".',
  },
  course: {
    notFound: 'No course "{{courseId}}" in the library.',
    noStep: 'Course "{{courseId}}" has no step "{{stepId}}".',
  },
  session: {
    labSuspended: 'The lab is suspended. Resume it to continue where you left off.',
    retrying: '{{reason}} Trying again in {{seconds}} s (attempt {{attempt}}).',
    shellEnded: 'The shell on {{connection}} ended (exit status {{exitCode}}).',
    resizing: 'Connecting again at the new size.',
  },
  lab: {
    extend: {
      notRunning: 'The lab is not running: there is no session to extend.',
      noMaximum: 'This course sets no maximum session: there is nothing to extend.',
      noSession: 'The lab has not started a session yet.',
      noLab: 'This course has no lab: there is no session to extend.',
      notAllowed: 'This course does not allow extending a session.',
      usedUp_one: 'This session was already extended {{count}} times, as many as the course allows.',
      usedUp_other: 'This session was already extended {{count}} times, as many as the course allows.',
    },
    notRunning: {
      sentence: 'The lab of course "{{courseId}}" is not running: {{why}}. Launch or resume it first.',
      notLaunched: 'it has not been launched',
      gone: 'it is gone, the cloud no longer has it (it was deleted outside Lab Console, for example by your instructor)',
      deleted: 'it was deleted',
      state: 'its state is {{state}}',
    },
    reset: {
      confirm: 'To reset the lab, type the course id "{{courseId}}" exactly.',
    },
    // Why a lab job failed (src/core/labs/lab-errors.ts). A sentence with Heat's reason is
    // `withDetail`: the screen shows the sentence, the reason a click away.
    failure: {
      withDetail: '{{sentence}} {{detail}}',
      heatReason: "Heat's reason: {{reason}}",
      createFailed: 'The lab could not be created on cloud "{{cloud}}".',
      resumeFailed: 'The lab could not be resumed; it was suspended again and your work is kept.',
      launchTimeout:
        'The lab of course "{{courseId}}" was not ready within its launch_timeout of {{minutes}} min (while {{phase}}). Try again later, or ask the course author to raise lab.timeouts.launch_timeout.',
      noCapacity:
        'No cloud has room for another lab (tried {{clouds}}; raise the capacity in Settings › Lab limits or lab_console.capacity in clouds.yaml).',
      noCloud: 'No cloud is configured for labs. Add one in Settings › Clouds or in clouds.yaml, or pass --os-cloud.',
      usageLimit:
        'You have used {{used, number(minimumFractionDigits: 1; maximumFractionDigits: 1)}} of your {{limit, number(maximumFractionDigits: 6)}} lab hours; launching and resuming labs is blocked. Ask your instructor to raise the limit.',
    },
    // Where a launch was when its launch_timeout passed; {{action}} is Heat's action, as it is.
    phase: {
      lookingUp: 'looking up the stack',
      creating: 'creating the stack',
      waitingOut: 'waiting for {{action}} to finish',
      resuming: 'resuming the stack',
      removingFailed: 'removing a failed stack',
      awaitingAnswer: 'waiting for the lab to answer',
    },
  },
} as const;
