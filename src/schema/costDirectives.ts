import {
  getNamedType,
  isObjectType,
  Kind,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type ConstValueNode,
  type FieldDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type SchemaExtensionNode,
} from 'graphql';
import { ASSUMED_LIST_SIZE, costModel, SLICING_ARGUMENTS, type FieldCost } from './costModel.js';

/**
 * The cost directives of Apollo's demand control (`@cost`, `@listSize`; Federation 2.9), written into the
 * subgraph SDL from the cost model, so a router (Apollo Router, Hive Gateway) prices an operation before
 * it sends anything here, from the same facts as the gateway's own estimate:
 * - a connection: `@listSize(slicingArguments: ["first", "last"], sizedFields: ["edges", "nodes"])`;
 * - a list RCI answers whole: `@listSize(assumedSize:)`, the default ASSUMED_LIST_SIZE;
 * - a list named by ids (`nodes(ids:)`): `@listSize(assumedSize:)`, the most ids it takes;
 * - a field that costs RCI calls: `@cost(weight:)`, its calls per object it answers, the completion of
 *   a summary by id included (CostModel.weight).
 *
 * They are applied to the built schema's AST, which is what the SDL is printed from; the served schema
 * (`schema.graphql`) prints no applied directives and stays as clients know it.
 */

/** The first federation version that defines `@cost` and `@listSize` (composition accepts them from it). */
const FEDERATION_URL = 'https://specs.apollo.dev/federation/v2.9';
const FEDERATION_PREFIX = 'https://specs.apollo.dev/federation/';

export function publishCostDirectives(schema: GraphQLSchema): void {
  const model = costModel(schema);
  const added = new Map<GraphQLField<unknown, unknown>, ConstDirectiveNode[]>();
  for (const [type, field, cost] of model.fields()) {
    // Composition refuses `@cost` on interface fields; the objects implementing them carry it.
    if (!isObjectType(type)) continue;
    const directives = directivesOf(cost, model.weight(type, field), field);
    if (directives.length) added.set(field, directives);
  }
  if (added.size === 0) return;

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.astNode) continue;
    const fields = type.getFields();
    let changed = false;
    const nodes = type.astNode.fields?.map((node): FieldDefinitionNode => {
      const field = fields[node.name.value];
      const directives = field ? added.get(field) : undefined;
      if (!field || !directives) return node;
      changed = true;
      const withCost: FieldDefinitionNode = { ...node, directives: [...(node.directives ?? []), ...directives] };
      field.astNode = withCost;
      return withCost;
    });
    if (changed) type.astNode = { ...type.astNode, fields: nodes };
  }
  schema.extensionASTNodes = schema.extensionASTNodes.map(importCostDirectives);
}

function directivesOf(cost: FieldCost, weight: number, field: GraphQLField<unknown, unknown>): ConstDirectiveNode[] {
  const directives: ConstDirectiveNode[] = [];
  if (weight > 0) directives.push(directive('cost', { weight: int(weight) }));
  switch (cost.size.kind) {
    case 'connection': {
      const page = getNamedType(field.type);
      const sized = isObjectType(page) ? ['edges', 'nodes'].filter((name) => name in page.getFields()) : [];
      directives.push(
        directive('listSize', {
          slicingArguments: list(SLICING_ARGUMENTS.map(string)),
          sizedFields: list(sized.map(string)),
          // `first` and `last` may come together (`last` within `first`); the larger is the page.
          requireOneSlicingArgument: { kind: Kind.BOOLEAN, value: false },
        }),
      );
      break;
    }
    case 'assumed':
      directives.push(directive('listSize', { assumedSize: int(ASSUMED_LIST_SIZE) }));
      break;
    case 'ids':
      if (cost.size.max !== undefined) directives.push(directive('listSize', { assumedSize: int(cost.size.max) }));
      break;
  }
  return directives;
}

/** The schema extension with its federation `@link` at v2.9, importing `@cost` and `@listSize` too. */
function importCostDirectives(extension: SchemaExtensionNode): SchemaExtensionNode {
  const directives = extension.directives?.map((node): ConstDirectiveNode => {
    const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
    if (node.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.startsWith(FEDERATION_PREFIX))
      return node;
    const imported = node.arguments?.find((a) => a.name.value === 'import')?.value;
    const names = new Set(
      imported?.kind === Kind.LIST ? imported.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [],
    );
    names.add('@cost');
    names.add('@listSize');
    return directive('link', { url: string(FEDERATION_URL), import: list([...names].sort().map(string)) });
  });
  return { ...extension, directives };
}

function directive(name: string, args: Record<string, ConstValueNode>): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([argument, value]): ConstArgumentNode => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: argument },
      value,
    })),
  };
}

const int = (value: number): ConstValueNode => ({ kind: Kind.INT, value: String(value) });
const string = (value: string): ConstValueNode => ({ kind: Kind.STRING, value });
const list = (values: ConstValueNode[]): ConstValueNode => ({ kind: Kind.LIST, values });
