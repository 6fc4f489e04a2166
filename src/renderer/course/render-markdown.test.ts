// @vitest-environment jsdom
// DOMPurify needs a faithful DOM parser: happy-dom lets event handlers through, jsdom does not.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';

const images = (ref: string) => (ref === 'img/topology.png' ? 'blob:course/topology' : undefined);

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('renders headings, lists and code blocks with Copy and Run buttons for shell code', () => {
    const html = renderMarkdown('# Files\n\n- one\n\n```bash\nls -la /tmp\n```\n\n```python\nprint(1)\n```', images);
    const root = dom(html);
    expect(root.querySelector('h1')?.textContent).toBe('Files');
    const blocks = root.querySelectorAll('.code-block');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.querySelector('[data-action="run"]')).not.toBeNull();
    expect(blocks[0]!.textContent).toContain('ls -la /tmp');
    expect(blocks[1]!.querySelector('[data-action="run"]')).toBeNull();
    expect(blocks[1]!.querySelector('[data-action="copy"]')).not.toBeNull();
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
});
