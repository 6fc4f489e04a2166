import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider, StreamProvider } from './api/api-context';
import { connect } from './api/connect';
import { App } from './App';
import './i18n/translator';
import './styles.css';

const connection = connect();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={connection.api}>
      <StreamProvider open={connection.openStream}>
        <App socket={connection.socket} />
      </StreamProvider>
    </ApiProvider>
  </StrictMode>,
);
