import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, type HtmlAssets } from './html-to-markdown';

const assets: HtmlAssets = {
  image: (src) =>
    src.startsWith('/static/') ? { href: `../images/${src.slice(8)}` } : { href: null, note: `image ${src} is not in the export` },
  link: (href) => (href.startsWith('javascript:') ? { href: null, note: 'script link dropped' } : { href }),
};

const md = (html: string): string => htmlToMarkdown(html, assets).markdown;

describe('Open edX HTML to Markdown', () => {
  it('converts headings, paragraphs, emphasis, links and images from static/', () => {
    const html = `<h3>Lesson 2: Let's Get INTERACTIVE!</h3>
<p><img src="/static/interactive_x250.png" alt="Interactive" width="250" align="right" />Now that you know your
way around, <b>look</b> at the <em>tools</em>. See <a href="https://docs.openedx.org/">the docs</a>.&nbsp;</p>`;
    expect(md(html)).toBe(
      "### Lesson 2: Let's Get INTERACTIVE!\n\n![Interactive](../images/interactive_x250.png)Now that you know your way around, **look** at the *tools*. See [the docs](https://docs.openedx.org/).\n",
    );
  });

  it('keeps code blocks verbatim with their language, and lists nested', () => {
    const html = `<p>Run:</p><pre><code class="language-bash">ls -l | grep "*.txt" &gt; out
echo \`date\`</code></pre>
<ol><li>First <code>a*b</code></li><li>Second<ul><li>inner</li></ul></li></ol>`;
    expect(md(html)).toBe('Run:\n\n```bash\nls -l | grep "*.txt" > out\necho `date`\n```\n\n1. First `a*b`\n2. Second\n   - inner\n');
  });

  it('escapes text that Markdown would read as markup, so no HTML reaches the step', () => {
    const html = `<p># not a heading *not emphasis* &lt;script&gt;alert(1)&lt;/script&gt; [x](y)</p><p>1. not a list</p>`;
    const out = md(html);
    expect(out).toBe('\\# not a heading \\*not emphasis\\* \\<script\\>alert(1)\\</script\\> \\[x\\](y)\n\n1\\. not a list\n');
    const rendered = marked.parse(out) as string;
    expect(rendered).not.toMatch(/<script|<h1|<em>|<ol>|<a /);
  });

  it('drops scripts, styles, forms and event handlers; frames become links with a note', () => {
    const result = htmlToMarkdown(
      `<script>alert(1)</script><style>p{}</style><p onclick="x()">Text<form><input value="v"></form></p><iframe src="https://www.youtube.com/embed/abc"></iframe><a href="javascript:alert(1)">click</a>`,
      assets,
    );
    expect(result.markdown).toBe('Text\n\n[Embedded content](https://www.youtube.com/embed/abc)\n\nclick\n');
    expect(result.notes).toEqual([
      '<iframe> is not embedded in a step; a link to https://www.youtube.com/embed/abc is shown instead',
      'script link dropped',
    ]);
  });

  it('turns an image the export does not hold into its alt text, with a note', () => {
    const result = htmlToMarkdown('<p><img src="https://cdn.example.org/x.png" alt="Topology"></p>', assets);
    expect(result.markdown).toBe('*Topology*\n');
    expect(result.notes).toEqual(['image https://cdn.example.org/x.png is not in the export']);
  });

  it('writes tables as GitHub tables and quotes as quotes', () => {
    const html =
      '<table><tr><th>Host</th><th>IP</th></tr><tr><td>vm1</td><td>10.0.0.1 | x</td></tr></table><blockquote><p>Note</p></blockquote><hr>';
    expect(md(html)).toBe('| Host | IP |\n| --- | --- |\n| vm1 | 10.0.0.1 \\| x |\n\n> Note\n\n---\n');
  });

  it('makes a line break a hard break and collapses whitespace', () => {
    expect(md('<p>one<br>two\n\n   three</p>')).toBe('one  \ntwo three\n');
  });
});

describe('link targets', () => {
  it('cannot end a link early or start markup: spaces, parentheses, angle brackets and line breaks are encoded', () => {
    const out = md('<p><a href="https://example.org/a b)<script>\nx">t</a></p>');
    expect(out).toBe('[t](<https://example.org/a b)%3Cscript%3E%0Ax>)\n');
    expect(marked.parse(out) as string).toBe('<p><a href="https://example.org/a%20b)%3Cscript%3E%0Ax">t</a></p>\n');
  });
});
