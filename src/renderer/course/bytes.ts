/** Base64 of a file's bytes, in chunks so large bundles don't overflow the argument stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Course bundles the UI accepts; folders are imported with `lab-console course import DIR`. */
export const BUNDLE_ACCEPT = '.zip,.tar.gz,.tgz';
export const MAX_UPLOAD_BYTES = 48 * 1024 * 1024;

export function isBundleName(name: string): boolean {
  return /\.(zip|tar\.gz|tgz)$/i.test(name);
}
