// Checks the admin GraphQL API the way its clients use it, with graphql-js
// (the reference implementation, which GitLab's admin UI runs through
// Apollo): it fetches the introspection result, builds a client schema,
// validates the replication details view's query for every registry field
// of GeoNode against it, and runs that query, page after page and with
// each filter; then it runs GitLab's own frontend documents
// (gitlab_documents.mjs) unchanged: the list and details pages and the
// two mutations.
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
import {
  bulkMutationVariables,
  replicableItemQuery,
  replicableTypeBulkUpdateMutation,
  replicableTypeQuery,
  replicableTypeUpdateMutation,
} from './gitlab_documents.mjs';

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

// runDocument validates a document against the client schema, then runs
// it; it returns the data, or null after recording the problem.
async function runDocument(schema, what, doc, variables) {
  const errors = validate(schema, parse(doc));
  if (errors.length) {
    fail(`${what}: GitLab's document does not validate: ${errors.map((e) => e.message).join('; ')}`);
    return null;
  }
  const res = await post(doc, variables);
  if (res.errors) {
    fail(`${what} ${JSON.stringify(variables)}: ${res.errors.map((e) => e.message).join('; ')}`);
    return null;
  }
  return res.data;
}

// checkGitLabDocuments runs GitLab's own documents (gitlab_documents.mjs)
// for one registry field, as GitLab's pages send them: the list page, the
// details page of its first registry, that registry's Resync button and the
// "Resync all failed" button. It returns what the Go test checks.
async function checkGitLabDocuments(schema, f, registryType) {
  const graphqlRegistryIdType = getNamedType(f.args.find((a) => a.name === 'ids').type).name;
  const registryClass = registryType.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const classEnum = schema.getType('GeoRegistryClass');
  if (!classEnum || !classEnum.getValue(registryClass)) {
    fail(`GeoRegistryClass has no ${registryClass}`);
    return null;
  }
  const out = {};
  for (const verificationEnabled of [true, false]) {
    const doc = replicableTypeQuery({ graphqlFieldName: f.name, graphqlRegistryIdType, verificationEnabled });
    const data = await runDocument(schema, `${f.name} list page (verification ${verificationEnabled})`, doc, {
      first: 20, last: null, before: '', after: '', sort: 'ID_ASC', replicationState: null, verificationState: null, ids: null,
    });
    if (!data) return null;
    const conn = data.geoNode[f.name];
    out.listCount = conn.count;
    out.listIds = conn.nodes.map((n) => n.id);
    if (!verificationEnabled && conn.nodes.some((n) => 'verificationState' in n)) fail(`${f.name}: @include(if: false) fields were answered`);
  }
  if (out.listIds.length === 0) return out;
  const first = out.listIds[0];
  const item = await runDocument(schema, `${f.name} details page`, replicableItemQuery(graphqlRegistryIdType, f.name, true), { ids: [first] });
  if (!item) return null;
  out.itemIds = item.geoNode[f.name].nodes.map((n) => n.id);

  const update = await runDocument(schema, `${f.name} Resync`, replicableTypeUpdateMutation, {
    action: 'RESYNC', registryId: first, registryClass,
  });
  if (!update) return null;
  out.resyncErrors = update.geoRegistriesUpdate.errors;
  const bulk = await runDocument(schema, `${f.name} Resync all failed`, replicableTypeBulkUpdateMutation,
    bulkMutationVariables('resync_all_failed', registryClass));
  if (!bulk) return null;
  out.resyncAllFailedErrors = bulk.geoRegistriesBulkUpdate.errors;
  return out;
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
  const gitlab = {};
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
    gitlab[f.name] = await checkGitLabDocuments(schema, f, registryType);
  }

  console.log(JSON.stringify({ introspectionGaps: await introspectionGaps(), fields: report, gitlabDocuments: gitlab }));
  if (problems.length) {
    for (const p of problems) console.error(`graphql-js check: ${p}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`graphql-js check: ${err.stack || err}`);
  process.exit(1);
});
