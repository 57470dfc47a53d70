// Checks the admin GraphQL API the way its clients use it, with graphql-js
// (the reference implementation, which GitLab's admin UI runs through
// Apollo): it fetches the introspection result, builds a client schema,
// validates the replication details view's query for every registry field
// of GeoNode against it, and runs that query, page after page and with
// each filter.
//
// Usage: GEOGEN_GRAPHQL_URL=http://…/api/graphql GEOGEN_GRAPHQL_TOKEN=… node check.mjs
// Exits 1, naming each problem, when anything is wrong.
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  parse,
  validate,
  validateSchema,
} from 'graphql';

const url = process.env.GEOGEN_GRAPHQL_URL;
const token = process.env.GEOGEN_GRAPHQL_TOKEN;
if (!url || !token) {
  console.error('check.mjs: set GEOGEN_GRAPHQL_URL and GEOGEN_GRAPHQL_TOKEN');
  process.exit(2);
}

const problems = [];
const fail = (msg) => problems.push(msg);

async function post(query, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status !== 200) {
    throw new Error(`POST ${url}: HTTP ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

// The registry fields the replication details view selects (GitLab's
// replicable type query builder), besides the type's foreign key field.
const registryFields = [
  'id', 'state', 'retryCount', 'lastSyncFailure', 'retryAt', 'lastSyncedAt',
  'verifiedAt', 'verificationRetryAt', 'createdAt', 'verificationState',
  'verificationChecksum', 'verificationFailure', 'verificationRetryCount',
  'checksumMismatch', 'missingOnPrimary', 'modelRecordId',
];

// The view's query: every argument a variable, before/after non-null
// strings that are empty when not paging, as the UI sends them.
function detailsQuery(field, fkField) {
  return `query ReplicableDetails(
  $first: Int, $last: Int, $before: String!, $after: String!,
  $replicationState: ReplicationStateEnum, $verificationState: VerificationStateEnum, $keyword: String
) {
  geoNode {
    id
    ${field}(first: $first, last: $last, before: $before, after: $after,
      replicationState: $replicationState, verificationState: $verificationState, keyword: $keyword) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { ${[...registryFields, fkField].join(' ')} }
      count
    }
  }
}`;
}

function checkPage(where, conn) {
  if (!conn || !Array.isArray(conn.nodes) || typeof conn.count !== 'number' || !conn.pageInfo) {
    fail(`${where}: the connection is ${JSON.stringify(conn)}, want nodes, pageInfo and count`);
    return false;
  }
  for (const key of ['hasNextPage', 'hasPreviousPage']) {
    if (typeof conn.pageInfo[key] !== 'boolean') fail(`${where}: pageInfo.${key} is ${conn.pageInfo[key]}`);
  }
  return true;
}

async function run(schema, field, fkField, variables) {
  const doc = parse(detailsQuery(field, fkField));
  const errors = validate(schema, doc);
  if (errors.length) {
    fail(`${field}: the details query does not validate against the client schema: ${errors.map((e) => e.message).join('; ')}`);
    return null;
  }
  const res = await post(detailsQuery(field, fkField), { before: '', after: '', ...variables });
  if (res.errors) {
    fail(`${field} ${JSON.stringify(variables)}: ${res.errors.map((e) => e.message).join('; ')}`);
    return null;
  }
  return res.data.geoNode[field];
}

// Optional parts of graphql-js v16's introspection query. The server
// (graph-gophers/graphql-go) answers the default query and those marked
// true; the others ask for fields it does not have. The report lists which
// fail, so a server upgrade that closes a gap is noticed.
const introspectionOptions = {
  descriptions: true,
  specifiedByUrl: true,
  inputValueDeprecation: true,
  directiveIsRepeatable: false,
  schemaDescription: false,
  oneOf: false,
};

async function introspectionGaps() {
  const gaps = [];
  for (const option of Object.keys(introspectionOptions)) {
    const res = await post(getIntrospectionQuery({ [option]: true }));
    if (res.errors) gaps.push(option);
  }
  return gaps;
}

async function main() {
  const supported = Object.fromEntries(Object.entries(introspectionOptions).filter(([, on]) => on));
  const intro = await post(getIntrospectionQuery(supported));
  if (intro.errors) throw new Error(`introspection: ${JSON.stringify(intro.errors)}`);
  const schema = buildClientSchema(intro.data);
  const schemaErrors = validateSchema(schema);
  if (schemaErrors.length) fail(`client schema: ${schemaErrors.map((e) => e.message).join('; ')}`);

  const geoNode = schema.getType('GeoNode');
  if (!geoNode) throw new Error('the schema has no GeoNode type');
  const fields = Object.values(geoNode.getFields()).filter((f) => getNamedType(f.type).name.endsWith('RegistryConnection'));
  if (fields.length === 0) fail('GeoNode has no registry connection field');

  const report = {};
  for (const f of fields) {
    const registryType = getNamedType(getNamedType(f.type).getFields().nodes.type);
    const fkField = Object.keys(registryType.getFields()).find((n) => n.endsWith('Id') && n !== 'modelRecordId');
    if (!fkField) {
      fail(`${registryType.name} has no foreign key field`);
      continue;
    }
    for (const arg of ['first', 'after', 'replicationState', 'verificationState', 'keyword']) {
      if (!f.args.some((a) => a.name === arg)) fail(`${f.name} has no ${arg} argument`);
    }
    const bogus = validate(schema, parse(`{ geoNode { ${f.name}(replicationState: BOGUS) { count } } }`));
    if (bogus.length === 0) fail(`${f.name}: the client schema accepts an unknown ReplicationStateEnum value`);

    // Page through everything, two at a time.
    const all = await run(schema, f.name, fkField, { first: 100 });
    if (!all || !checkPage(`${f.name} first:100`, all)) continue;
    const seen = [];
    let after = '';
    for (let page = 0; ; page++) {
      const conn = await run(schema, f.name, fkField, { first: 2, after });
      if (!conn || !checkPage(`${f.name} page ${page}`, conn)) break;
      seen.push(...conn.nodes.map((n) => n.id));
      if (!conn.pageInfo.hasNextPage) break;
      if (page > all.count) {
        fail(`${f.name}: pagination does not end`);
        break;
      }
      after = conn.pageInfo.endCursor;
    }
    if (JSON.stringify(seen) !== JSON.stringify(all.nodes.map((n) => n.id))) {
      fail(`${f.name}: pages of 2 give ${JSON.stringify(seen)}, one page gives ${JSON.stringify(all.nodes.map((n) => n.id))}`);
    }

    // Each filter, alone and combined, must only return matching rows.
    const filters = [
      { replicationState: 'SYNCED' },
      { replicationState: 'FAILED' },
      { verificationState: 'SUCCEEDED' },
      { replicationState: 'SYNCED', verificationState: 'SUCCEEDED', keyword: 'blue' },
    ];
    const counts = {};
    for (const filter of filters) {
      const conn = await run(schema, f.name, fkField, { first: 100, ...filter });
      if (!conn || !checkPage(`${f.name} ${JSON.stringify(filter)}`, conn)) continue;
      for (const n of conn.nodes) {
        if (filter.replicationState && n.state !== filter.replicationState) fail(`${f.name} ${JSON.stringify(filter)}: ${n.id} is ${n.state}`);
        if (filter.verificationState && n.verificationState !== filter.verificationState) fail(`${f.name} ${JSON.stringify(filter)}: ${n.id} verification is ${n.verificationState}`);
      }
      if (conn.count !== conn.nodes.length) fail(`${f.name} ${JSON.stringify(filter)}: count ${conn.count}, ${conn.nodes.length} nodes`);
      counts[JSON.stringify(filter)] = conn.count;
    }
    report[f.name] = { total: all.count, pagesOf2: seen.length, counts };
  }

  console.log(JSON.stringify({ introspectionGaps: await introspectionGaps(), fields: report }));
  if (problems.length) {
    for (const p of problems) console.error(`graphql-js check: ${p}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`graphql-js check: ${err.stack || err}`);
  process.exit(1);
});
