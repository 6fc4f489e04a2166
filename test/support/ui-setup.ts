import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
// The components' text comes through react-i18next; the tests read it in English.
import { translator } from '../../src/renderer/i18n/translator';

void translator.changeLanguage('en');

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());
