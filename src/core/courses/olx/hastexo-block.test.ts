import { describe, expect, it } from 'vitest';
import { dedentTest, readLabBlock, type HastexoBlock } from './hastexo-block';
import { OlxExportError } from './olx-errors';
import { OlxFiles } from './olx-files';
import { OlxReader } from './olx-reader';
import { parseXml } from './olx-xml';

/** Reads a block written inline, as hastexo's parse_xml receives it. */
function block(xml: string): Promise<HastexoBlock> {
  const element = parseXml(xml, 'vertical/unit.xml');
  const files = new OlxFiles('/nonexistent');
  return readLabBlock(
    {
      category: element.local,
      urlName: element.attributes.get('url_name') ?? null,
      element,
      attributes: element.attributes,
      place: { file: 'vertical/unit.xml', line: 1, column: 1 },
    },
    new OlxReader(files),
    files,
  );
}

describe("hastexo's lab block, read as its XBlock reads it", () => {
  it('cleans a <test> up as hastexo does: first newline dropped, common indent removed', () => {
    expect(dedentTest('\n        Multi-line\n        test 1\n      ')).toBe('Multi-line\ntest 1\n');
    expect(dedentTest('#!/bin/sh\n  echo x\n')).toBe('#!/bin/sh\n  echo x\n');
  });

  it('reads the deprecated children (stackamole test_parsing_deprecated)', async () => {
    const lab =
      await block(`<stackamole stack_template_path='hot_lab.yaml' stack_user_name='training' stack_protocol='rdp' launch_timeout='900'>
      <provider name='provider1' capacity='-1' />
      <provider name='provider2' capacity='30' template='hot_lab2.yaml' environment='hot_env2.yaml' />
      <provider name='provider3' capacity='0' template='hot_lab3.yaml' environment='hot_env3.yaml' />
      <port name='server1' number='3389' />
      <port name='server2' number='3390' />
      <test>
        Multi-line
        test 1
      </test>
    </stackamole>`);
    expect(lab.settings.get('stack_protocol')).toBe('rdp');
    expect(lab.providers.map(({ name, capacity, template }) => [name, capacity, template])).toEqual([
      ['provider1', -1, undefined],
      ['provider2', 30, 'hot_lab2.yaml'],
      ['provider3', 0, 'hot_lab3.yaml'],
    ]);
    expect(lab.ports.map((p) => [p.name, p.number])).toEqual([
      ['server1', 3389],
      ['server2', 3390],
    ]);
    expect(lab.tests.map((t) => t.script)).toEqual(['Multi-line\ntest 1\n']);
    expect(lab.hookEvents).toBeNull();
  });

  it('reads the <option:…> YAML forms (stackamole test_parsing_new), and a capacity left empty or None as unlimited', async () => {
    const lab = await block(`<hastexo xmlns:option="http://code.edx.org/xblock/option" stack_user_name='training'>
      <option:providers>
        - name: provider1
          capacity: 20
          template: hot_lab1.yaml
        - name: provider2
        - name: provider3
          capacity: None
      </option:providers>
      <option:ports>
        - name: server1
          number: 3389
      </option:ports>
      <option:tests>
        - |
          Multi-line
          test 1
      </option:tests>
      <option:hook_events>{suspend: true}</option:hook_events>
    </hastexo>`);
    expect(lab.providers.map((p) => [p.name, p.capacity])).toEqual([
      ['provider1', 20],
      ['provider2', -1],
      ['provider3', -1],
    ]);
    expect(lab.ports).toHaveLength(1);
    expect(lab.tests.map((t) => t.script)).toEqual(['Multi-line\ntest 1\n']);
    // A dict says only what it holds: hastexo's tasks read a missing event as false.
    expect(lab.hookEvents).toEqual({ suspend: true, resume: false, delete: false });
  });

  it('reads <hook_events> attributes with strtobool, a missing one as true', async () => {
    const lab = await block('<hastexo stack_user_name="t"><hook_events suspend="false" resume="True"/></hastexo>');
    expect(lab.hookEvents).toEqual({ suspend: false, resume: true, delete: true });
  });

  it('keeps nested blocks as children and never keeps a credential value', async () => {
    const lab = await block(
      '<hastexo stack_user_name="t" os_password="s3cret" provider="old"><html><p>Above the terminal</p></html></hastexo>',
    );
    expect(lab.children.map((c) => c.category)).toEqual(['html']);
    expect(lab.settings.has('os_password')).toBe(false);
    expect(lab.fields.find((f) => f.name === 'os_password')?.value).toBe('');
    expect(JSON.stringify([...lab.settings])).not.toContain('s3cret');
  });

  it('refuses a provider without a name and a port without a number, naming the file', async () => {
    const error = await block(
      '<hastexo stack_user_name="t"><provider capacity="20" environment="e.yaml"/><port name="server1"/></hastexo>',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OlxExportError);
    expect((error as OlxExportError).issues.map((i) => i.message)).toEqual([
      'a provider needs a name (it names a cloud), e.g. <provider name="default" capacity="-1"/>',
      'port "server1" needs a number between 1 and 65535',
    ]);
    expect((error as OlxExportError).issues[0]).toMatchObject({ file: 'vertical/unit.xml', line: 1 });
  });
});
