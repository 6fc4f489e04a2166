/** The parts of a V8 heap snapshot (.heapsnapshot, as v8.writeHeapSnapshot writes it) a census reads. */
interface HeapSnapshotFile {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[], ...unknown[]];
      readonly edge_fields: readonly string[];
      readonly edge_types: readonly [readonly string[], ...unknown[]];
      readonly location_fields: readonly string[];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly locations: readonly number[];
  readonly strings: readonly string[];
}

/** Where a closure's function was written: its script's name, and line and column (0-based) in it. */
export interface ClosureSite {
  readonly script: string;
  readonly line: number;
  readonly column: number;
}

export interface HeapCensus {
  /** Every node of the heap graph (objects, strings, code, hidden V8 internals). */
  readonly objects: number;
  /** Objects by node type, and by name for V8's internal ones ("code: system / BytecodeArray"). */
  readonly byKind: ReadonlyMap<string, number>;
  /** JS functions (node type "closure"). */
  readonly closures: readonly ClosureSite[];
}

/**
 * Counts a heap snapshot's objects and finds where each closure's function was written: the
 * closure's `shared` function info → its script (named as the script is), and the closure's entry in
 * the snapshot's locations (line and column in that script).
 */
export function heapCensus(json: string): HeapCensus {
  const file = JSON.parse(json) as HeapSnapshotFile;
  const { meta } = file.snapshot;
  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const typeOf = meta.node_fields.indexOf('type');
  const nameOf = meta.node_fields.indexOf('name');
  const edgeCountOf = meta.node_fields.indexOf('edge_count');
  const edgeTypeOf = meta.edge_fields.indexOf('type');
  const edgeNameOf = meta.edge_fields.indexOf('name_or_index');
  const edgeToOf = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = file;
  const count = nodes.length / nodeWidth;

  // Each node's first edge: a node's edges follow its predecessors' in the edges array.
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i]! + nodes[i * nodeWidth + edgeCountOf]! * edgeWidth;
  /** The node (by its offset in `nodes`) a named edge of `node` leads to. */
  const follow = (node: number, name: string): number | undefined => {
    const index = node / nodeWidth;
    for (let e = firstEdge[index]!; e < firstEdge[index + 1]!; e += edgeWidth) {
      const type = edgeTypes[edges[e + edgeTypeOf]!];
      if ((type === 'internal' || type === 'property') && strings[edges[e + edgeNameOf]!] === name) return edges[e + edgeToOf]!;
    }
    return undefined;
  };

  const siteOf = new Map<number, { line: number; column: number }>();
  const lw = meta.location_fields.length;
  const objectOf = meta.location_fields.indexOf('object_index');
  const lineOf = meta.location_fields.indexOf('line');
  const columnOf = meta.location_fields.indexOf('column');
  for (let l = 0; l < file.locations.length; l += lw) {
    siteOf.set(file.locations[l + objectOf]!, { line: file.locations[l + lineOf]!, column: file.locations[l + columnOf]! });
  }

  const closures: ClosureSite[] = [];
  const byKind = new Map<string, number>();
  for (let node = 0; node < nodes.length; node += nodeWidth) {
    const type = nodeTypes[nodes[node + typeOf]!]!;
    const kind = type === 'code' || type === 'hidden' ? `${type}: ${strings[nodes[node + nameOf]!]!.replace(/ \(.*$/, '')}` : type;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (type !== 'closure') continue;
    const shared = follow(node, 'shared');
    // V8 11 names the edge script_or_debug_info; the Script node carries the script's name.
    const script = shared === undefined ? undefined : follow(shared, 'script_or_debug_info');
    const name = script === undefined ? '(no script)' : strings[nodes[script + nameOf]!]!;
    const site = siteOf.get(node) ?? { line: -1, column: -1 };
    closures.push({ script: name, ...site });
  }
  return { objects: count, byKind, closures };
}
