import { describe, expect, it } from 'vitest';
import { flavorsOfTemplate } from './lab-flavors';

describe('the flavors of a lab stack', () => {
  it('reads each resource that names a flavor, literal or from a parameter', () => {
    const template = {
      resources: {
        web: { type: 'OS::Nova::Server', properties: { flavor: 'm1.small' } },
        db: { type: 'Lab::Host', properties: { flavor: { get_param: 'flavor' } } },
        net: { type: 'OS::Neutron::Net', properties: {} },
      },
    };
    expect(flavorsOfTemplate(template, { flavor: 'm1.large' })).toEqual(['m1.small', 'm1.large']);
  });

  it('falls back to the named template parameter when no resource names a flavor', () => {
    const template = { resources: { value: { type: 'OS::Heat::Value', properties: { value: 'x' } } } };
    expect(flavorsOfTemplate(template, { lab_flavor: 'm1.large' }, 'lab_flavor')).toEqual(['m1.large']);
    expect(flavorsOfTemplate(template, {})).toEqual([]);
  });

  it('ignores what is not a template', () => {
    expect(flavorsOfTemplate('nonsense', { flavor: 'x' })).toEqual(['x']);
    expect(flavorsOfTemplate({ resources: [1, 2] }, {})).toEqual([]);
  });
});
