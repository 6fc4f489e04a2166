/**
 * RFB security types (RFC 6143 §7.1.2 and the IANA registry) and VeNCrypt's subtypes, in the
 * order the app prefers them: a verified certificate first, then anonymous TLS (encrypted, not
 * authenticated), then the VNC password in the clear (DES challenge), then none.
 */

export const SECURITY = { none: 1, vncAuth: 2, veNCrypt: 19 } as const;

export const VENCRYPT = {
  plain: 256,
  tlsNone: 257,
  tlsVnc: 258,
  tlsPlain: 259,
  x509None: 260,
  x509Vnc: 261,
  x509Plain: 262,
} as const;

const NAMES: Readonly<Record<number, string>> = {
  1: 'None',
  2: 'VNC Authentication',
  5: 'RA2',
  6: 'RA2ne',
  16: 'Tight',
  18: 'TLS (Vino)',
  19: 'VeNCrypt',
  22: 'XVP',
  30: 'Apple Remote Desktop',
  113: 'MS-Logon II',
  129: 'Unix Login',
  256: 'Plain',
  257: 'TLSNone',
  258: 'TLSVnc',
  259: 'TLSPlain',
  260: 'X509None',
  261: 'X509Vnc',
  262: 'X509Plain',
};

export const securityName = (type: number): string => (NAMES[type] ? `${NAMES[type]} (${type})` : `type ${type}`);

/** What a chosen (sub)type asks of the app: a TLS layer of which kind, then which inner authentication. */
export interface SecurityPlan {
  readonly tls: 'x509' | 'anonymous' | undefined;
  readonly auth: 'vnc' | 'none';
}

const VENCRYPT_PREFERENCE: readonly (readonly [number, SecurityPlan])[] = [
  [VENCRYPT.x509Vnc, { tls: 'x509', auth: 'vnc' }],
  [VENCRYPT.x509None, { tls: 'x509', auth: 'none' }],
  [VENCRYPT.tlsVnc, { tls: 'anonymous', auth: 'vnc' }],
  [VENCRYPT.tlsNone, { tls: 'anonymous', auth: 'none' }],
  [SECURITY.vncAuth, { tls: undefined, auth: 'vnc' }],
  [SECURITY.none, { tls: undefined, auth: 'none' }],
];

/** The top-level type to answer: VeNCrypt when offered (it may bring TLS), else the password, else none. */
export function chooseSecurityType(offered: readonly number[]): number | undefined {
  return [SECURITY.veNCrypt, SECURITY.vncAuth, SECURITY.none].find((type) => offered.includes(type));
}

export function chooseVeNCryptSubtype(offered: readonly number[]): { subtype: number; plan: SecurityPlan } | undefined {
  const found = VENCRYPT_PREFERENCE.find(([subtype]) => offered.includes(subtype));
  return found ? { subtype: found[0], plan: found[1] } : undefined;
}

/** Plain / TLSPlain / X509Plain log in as a user of the lab host: not something a course's VNC connection names. */
export const needsUserLogin = (type: number): boolean =>
  type === VENCRYPT.plain || type === VENCRYPT.tlsPlain || type === VENCRYPT.x509Plain || type === 129;
