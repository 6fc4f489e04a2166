// @vitest-environment jsdom
// DOMPurify needs a faithful DOM parser: happy-dom lets event handlers through, jsdom does not.
import { describe, expect, it } from 'vitest';
import { HIDDEN_COPY_STEP, HIDDEN_PAYLOAD } from './hidden-copy-step.fixture';
import { renderMarkdown } from './render-markdown';

const images = (ref: string) => (ref === 'img/topology.png' ? 'blob:course/topology' : undefined);

function dom({ html }: { html: string }): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('renders headings, lists and code blocks with Copy and Run buttons for shell code', () => {
    const rendered = renderMarkdown('# Files\n\n- one\n\n```bash\nls -la /tmp\n```\n\n```python\nprint(1)\n```', images);
    const root = dom(rendered);
    // One level below the course's title, the screen's only h1.
    expect(root.querySelector('h1')).toBeNull();
    expect(root.querySelector('h2')?.textContent).toBe('Files');
    const blocks = root.querySelectorAll('.code-block');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.querySelector('[data-action="run"]')).not.toBeNull();
    expect(blocks[0]!.textContent).toContain('ls -la /tmp');
    expect(blocks[1]!.querySelector('[data-action="run"]')).toBeNull();
    expect(blocks[1]!.querySelector('[data-action="copy"]')).not.toBeNull();
    expect(rendered.code).toEqual(['ls -la /tmp', 'print(1)']);
    expect([...blocks].map((block) => block.getAttribute('data-code-block'))).toEqual(['0', '1']);
  });

  it("puts every heading of a step one level below the course's title, raw HTML ones too", () => {
    const root = dom(renderMarkdown('# One\n\n## Two\n\n###### Six\n\n<h1 id="raw">Raw</h1>', images));
    expect([...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => `${h.tagName}:${h.textContent}`)).toEqual([
      'H2:One',
      'H3:Two',
      'H6:Six',
      'H2:Raw',
    ]);
  });

  it('strips every script, handler, frame and javascript: link', () => {
    const payloads = [
      '<img src="x" onerror="window.__xss=1">',
      '[click](javascript:window.__xss=1)',
      '<a href="javascript:alert(1)">x</a>',
      '<svg onload="window.__xss=1"><circle r="1"/></svg>',
      '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
      '<script>window.__xss=1</script>',
      '<div style="background:url(javascript:1)" onclick="x()">d</div>',
      '<form action="https://evil"><button formaction="javascript:1">b</button></form>',
    ].join('\n\n');
    const root = dom(renderMarkdown(payloads, images));
    expect(root.querySelector('script, iframe, svg, form, object, embed')).toBeNull();
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(attribute.name.startsWith('on')).toBe(false);
        expect(attribute.value.toLowerCase()).not.toContain('javascript:');
      }
    }
  });

  it('opens web links outside the app and keeps anchors inside', () => {
    const root = dom(renderMarkdown('[docs](https://docs.openstack.org) [top](#intro)', images));
    const [web, anchor] = root.querySelectorAll('a');
    expect(web!.getAttribute('target')).toBe('_blank');
    expect(web!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(anchor!.getAttribute('target')).toBeNull();
  });

  it('shows images only from the course bundle, never from the network', () => {
    const root = dom(renderMarkdown('![net](img/topology.png) ![remote](https://tracker.example/pixel.gif)', images));
    const [local, remote] = root.querySelectorAll('img');
    expect(local!.getAttribute('src')).toBe('blob:course/topology');
    expect(remote!.getAttribute('src')).toBeNull();
    expect(remote!.getAttribute('data-missing')).toBe('https://tracker.example/pixel.gif');
  });

  it('keeps no element or attribute that loads remote media, bundle images still shown', () => {
    const payloads = [
      '<video src="https://t.example/v.mp4" poster="https://t.example/p.png"><source src="https://t.example/s.mp4"><track src="https://t.example/t.vtt"></video>',
      '<audio src="https://t.example/a.mp3" autoplay></audio>',
      '<picture><source srcset="https://t.example/1.png 1x"><img src="img/topology.png" srcset="https://t.example/2.png 2x"></picture>',
      '<table background="https://t.example/bg.png"><tr><td background="https://t.example/td.png">cell</td></tr></table>',
      '<div style="background:url(https://t.example/css.png)">styled</div>',
      '<a href="https://docs.example" ping="https://t.example/ping">docs</a>',
      '<img src="img/topology.png" lowsrc="https://t.example/low.png" dynsrc="https://t.example/dyn.avi" longdesc="https://t.example/d">',
      '<object data="https://t.example/o.swf"></object><embed src="https://t.example/e.swf">',
      '<svg><image xlink:href="https://t.example/x.png"/></svg>',
      '<link rel="stylesheet" href="https://t.example/s.css"><meta http-equiv="refresh" content="0;https://t.example">',
      '<input type="image" src="https://t.example/i.png"><body background="https://t.example/b.png">',
    ].join('\n\n');
    const root = dom(renderMarkdown(payloads, images));
    expect(root.querySelector('video, audio, source, track, picture, object, embed, svg, image, link, meta, input, iframe')).toBeNull();
    const urls = [...root.querySelectorAll('*')].flatMap((element) =>
      [...element.attributes]
        .filter((a) => a.value.includes('t.example') && !(element.tagName === 'IMG' && a.name === 'data-missing'))
        .map((a) => `${element.tagName} ${a.name}`),
    );
    expect(urls).toEqual([]);
    expect([...root.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([
      'blob:course/topology',
      'blob:course/topology',
    ]);
    expect(root.textContent).toContain('cell');
    expect(root.textContent).toContain('styled');
  });

  it('gives raw HTML none of the powers of a code block, and hides nothing', () => {
    const rendered = renderMarkdown(HIDDEN_COPY_STEP, images);
    const root = dom(rendered);
    expect(rendered.code).toEqual([HIDDEN_PAYLOAD, 'echo "what you see"']);
    expect([...root.querySelectorAll('[data-code-block]')].map((block) => block.getAttribute('data-code-block'))).toEqual(['0', '1']);
    // Copy and Run on each real block, and not one button left from the forged ones.
    expect(root.querySelectorAll('button')).toHaveLength(4);
    expect(root.querySelectorAll('[data-action]')).toHaveLength(4);
    expect(root.querySelectorAll('[hidden], [aria-hidden], [style], template, details:not([open])')).toHaveLength(0);
    for (const element of root.querySelectorAll('[class]')) {
      const own = element.closest('[data-code-block]') !== null;
      for (const name of element.classList) expect(own || name.startsWith('hljs-'), `${element.tagName}.${name}`).toBe(true);
    }
  });
});
