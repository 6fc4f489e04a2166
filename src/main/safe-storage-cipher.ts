import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets/secret-cipher';

/** Secrets sealed by the OS keyring (Keychain, DPAPI, libsecret/kwallet). */
export function safeStorageCipher(): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  // On Linux without a keyring Electron falls back to a hard-coded key: that is no better than our file key.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    scheme: 'electron-safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
