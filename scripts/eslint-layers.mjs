// The layering rule: every import of a file in src/ — static, `export … from`, `import()`,
// `require()`, `import x = require()` and `typeof import()` — is resolved relative to the file and
// checked against the layer the file sits in. The layers themselves are data in eslint.config.js;
// docs/architecture.md explains them.
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TEST_FILE = /\.test\.tsx?$|\.test-support\.tsx?$/;

/** "@scope/name/sub" → "@scope/name"; "name/sub" → "name". */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A list entry is a package name or a whole scope ("@xterm/*"). */
function listed(list, pkg) {
  return list.some((entry) => (entry.endsWith('/*') ? pkg.startsWith(entry.slice(0, -1)) : entry === pkg));
}

/** The folder of `folders` that holds `path` (relative, with "/"), or undefined. */
function folderOf(folders, path) {
  return folders.find((folder) => path === folder || path.startsWith(`${folder}/`));
}

/** The string a specifier node spells out, or undefined when it is computed at run time. */
function staticString(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point down the layers only (docs/architecture.md).' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: {
      layer: "{{why}} ('{{specifier}}' is in {{target}})",
      package: "{{why}} ('{{specifier}}')",
      notAllowed:
        "{{why}} ('{{specifier}}' is not on the list in eslint.config.js; add it there only if it runs without Node and without a DOM)",
      down: "{{from}} must not import {{to}}: the folders of {{folder}} import only folders below them (docs/architecture.md) ('{{specifier}}')",
      side: "{{from}} and {{to}} sit side by side in the order of {{folder}}: neither imports the other (docs/architecture.md) ('{{specifier}}')",
      unplaced: '{{folder}} has no place in the order of {{parent}}: give it one in eslint.config.js and docs/architecture.md',
      computed: 'The layering rule checks only imports whose path is written out: spell the path as a string.',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = options.root ?? PROJECT_ROOT;
    const layers = options.layers ?? [];
    const order = options.order;
    const exceptions = options.exceptions ?? [];
    const layerFolders = layers.map((layer) => layer.folder);

    const file = relative(root, context.filename).split(sep).join('/');
    const fromFolder = folderOf(layerFolders, file);
    if (!fromFolder) return {};
    const layer = layers.find((l) => l.folder === fromFolder);
    const isTest = TEST_FILE.test(file);
    const exception = exceptions.find((e) => e.file === file);

    /** Tier index of a folder of the ordered layer ("src/core/labs" → 4), with the folder's name. */
    function placeOf(path) {
      const rest = path.slice(order.folder.length + 1);
      const name = rest.split('/')[0];
      const folder = `${order.folder}/${name}`;
      if (!rest.includes('/')) return { folder, tier: -1 }; // a file directly in the ordered folder
      return { folder, tier: order.tiers.findIndex((tier) => tier.includes(name)) };
    }

    function checkOrder(node, specifier, target) {
      if (!order || !folderOf([order.folder], file) || !folderOf([order.folder], target)) return;
      const from = placeOf(file);
      const to = placeOf(target);
      if (from.folder === to.folder) return;
      for (const place of [from, to]) {
        if (place.tier < 0) {
          context.report({ node, messageId: 'unplaced', data: { folder: place.folder, parent: order.folder } });
          return;
        }
      }
      const data = { from: from.folder, to: to.folder, folder: order.folder, specifier };
      if (to.tier > from.tier) context.report({ node, messageId: 'down', data });
      else if (to.tier === from.tier) context.report({ node, messageId: 'side', data });
    }

    function checkPackage(node, specifier) {
      const rules = layer.packages ?? {};
      if (isBuiltin(specifier)) {
        if (rules.builtins) context.report({ node, messageId: 'package', data: { why: rules.builtins, specifier } });
        return;
      }
      const pkg = packageOf(specifier);
      for (const deny of rules.deny ?? []) {
        if (listed(deny.names, pkg)) {
          context.report({ node, messageId: 'package', data: { why: deny.message, specifier } });
          return;
        }
      }
      if (rules.allow && !listed(rules.allow, pkg) && !(isTest && listed(rules.allowInTests ?? [], pkg))) {
        context.report({ node, messageId: 'notAllowed', data: { why: rules.allowMessage, specifier } });
      }
    }

    function check(node, specifierNode) {
      const specifier = staticString(specifierNode);
      if (specifier === undefined) {
        context.report({ node, messageId: 'computed' });
        return;
      }
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
        checkPackage(node, specifier);
        return;
      }
      const target = relative(root, resolve(dirname(context.filename), specifier))
        .split(sep)
        .join('/');
      const targetFolder = folderOf(layerFolders, target);
      if (!targetFolder) return; // package.json, test support: not a layer
      if (targetFolder !== fromFolder) {
        const allowed = [...layer.mayImport, ...(exception?.mayImport ?? [])];
        if (!allowed.includes(targetFolder)) {
          context.report({ node, messageId: 'layer', data: { why: layer.message, specifier, target: targetFolder } });
        }
        return;
      }
      checkOrder(node, specifier, target);
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node, node.moduleReference.expression);
      },
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export default { meta: { name: 'lab-console-layers' }, rules: { imports: layersRule } };
