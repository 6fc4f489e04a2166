import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider, StreamProvider } from './api/api-context';
import { connect } from './api/connect';
import { App } from './App';
import { translatorReady } from './i18n/translator';
import './styles.css';

const connection = connect();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// The first screen is drawn in the reader's language: its catalogue (English is bundled) first.
const render = (): void =>
  createRoot(root).render(
    <StrictMode>
      <ApiProvider api={connection.api}>
        <StreamProvider open={connection.openStream}>
          <App socket={connection.socket} />
        </StreamProvider>
      </ApiProvider>
    </StrictMode>,
  );
void translatorReady.then(render, render);
