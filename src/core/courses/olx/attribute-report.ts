import type { AttributeMapping, MappingStatus } from '../../../shared/course/olx-conversion';
import type { HastexoBlock } from './hastexo-block';

/** One line of the conversion report for every attribute a hastexo block had, and which were seen. */
export class AttributeReport {
  readonly attributes: AttributeMapping[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly block: HastexoBlock) {}

  has(name: string): boolean {
    return this.seen.has(name);
  }

  /** Records how every field named `name` was mapped (a field can appear as several children). */
  report(name: string, status: MappingStatus, mapping: string): void {
    this.seen.add(name);
    for (const field of this.block.fields.filter((f) => f.name === name)) {
      this.add(field, field.form === 'option' ? `<option:${name}>` : field.form === 'child' ? childLabel(name) : name, status, mapping);
    }
  }

  /** Each `<provider>`/`<port>` child gets its own line; a YAML `<option:…>` list gets them all. */
  each(name: string, mappings: readonly (readonly [MappingStatus, string])[]): void {
    const fields = this.block.fields.filter((f) => f.name === name);
    if (fields.length !== mappings.length) {
      this.report(
        name,
        mappings.some(([s]) => s === 'mapped') ? 'mapped' : (mappings[0]?.[0] ?? 'default'),
        mappings.map(([, m]) => m).join('; '),
      );
      return;
    }
    this.seen.add(name);
    fields.forEach((field, i) => {
      const [status, mapping] = mappings[i]!;
      this.add(field, field.form === 'option' ? `<option:${name}>` : childLabel(name), status, mapping);
    });
  }

  private add(field: HastexoBlock['fields'][number], attribute: string, status: MappingStatus, mapping: string): void {
    this.attributes.push({
      attribute,
      form: field.form,
      value: field.value,
      status,
      mapping,
      file: field.place.file,
      line: field.place.line ?? 0,
    });
  }
}

function childLabel(name: string): string {
  return name === 'tests' ? '<test>' : name === 'ports' ? '<port>' : name === 'providers' ? '<provider>' : `<${name}>`;
}
