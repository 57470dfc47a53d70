// The GraphQL documents GitLab's admin frontend sends for Geo replication,
// recorded as facts: what each of GitLab's query builders produces for its
// parameters, and the mutation documents as they are. The path in GitLab's
// source each one mirrors is named above it. check.mjs instantiates the
// builders for every registry type the server has and runs the documents
// unchanged.

// app/assets/javascripts/graphql_shared/fragments/page_info.fragment.graphql
const pageInfoFragment = `fragment PageInfo on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`;

// ee/app/assets/javascripts/geo_replicable/graphql/replicable_type_query_builder.js
// (the replication list page)
export function replicableTypeQuery({ graphqlFieldName, graphqlRegistryIdType, verificationEnabled }) {
  return `query($first: Int, $last: Int, $before: String!, $after: String!, $sort: GeoRegistrySort $replicationState: ReplicationStateEnum, $verificationState: VerificationStateEnum, $ids: [${graphqlRegistryIdType}!]) {
  geoNode {
    ${graphqlFieldName}(first: $first, last: $last, before: $before, after: $after, sort: $sort replicationState: $replicationState, verificationState: $verificationState, ids: $ids) {
      pageInfo {
        ...PageInfo
      }
      count
      nodes {
        id
        state
        retryCount
        lastSyncFailure
        retryAt
        lastSyncedAt
        modelRecordId
        verifiedAt @include (if: ${verificationEnabled})
        verificationState @include (if: ${verificationEnabled})
        verificationFailure @include (if: ${verificationEnabled})
        createdAt
      }
    }
  }
}
${pageInfoFragment}`;
}

// ee/app/assets/javascripts/geo_replicable_item/graphql/replicable_item_query_builder.js
// (the registry details page)
export function replicableItemQuery(graphQlClassID, graphQlFieldName, verificationEnabled) {
  return `query($ids: [${graphQlClassID}!]) {
  geoNode {
    ${graphQlFieldName}(ids: $ids) {
      nodes {
        id
        checksumMismatch
        createdAt
        lastSyncFailure
        lastSyncedAt
        missingOnPrimary
        modelRecordId
        retryAt
        retryCount
        state
        verificationChecksum @include (if: ${verificationEnabled})
        verificationChecksumMismatched @include (if: ${verificationEnabled})
        verificationFailure @include (if: ${verificationEnabled})
        verificationRetryAt @include (if: ${verificationEnabled})
        verificationRetryCount @include (if: ${verificationEnabled})
        verificationStartedAt @include (if: ${verificationEnabled})
        verificationState @include (if: ${verificationEnabled})
        verifiedAt @include (if: ${verificationEnabled})
      }
    }
  }
}`;
}

// ee/app/assets/javascripts/geo_replicable/graphql/replicable_type_update_mutation.graphql
// (a registry's Resync and Reverify buttons)
export const replicableTypeUpdateMutation = `mutation replicableTypeUpdate(
  $action: GeoRegistryAction!
  $registryId: GeoBaseRegistryID!
  $registryClass: GeoRegistryClass!
) {
  geoRegistriesUpdate(
    input: { action: $action, registryId: $registryId, registryClass: $registryClass }
  ) {
    errors
  }
}`;

// ee/app/assets/javascripts/geo_shared/graphql/replicable_type_bulk_update_mutation.graphql
// ("Resync all", "Reverify all", "Resync all failed", "Reverify all failed")
export const replicableTypeBulkUpdateMutation = `mutation replicableTypeBulkUpdate(
  $action: GeoRegistriesBulkAction!
  $registryClass: GeoRegistryClass!
  $replicationState: ReplicationStateEnum
  $verificationState: VerificationStateEnum
) {
  geoRegistriesBulkUpdate(
    input: {
      action: $action
      registryClass: $registryClass
      replicationState: $replicationState
      verificationState: $verificationState
    }
  ) {
    errors
  }
}`;

// ee/app/assets/javascripts/geo_replicable/mutations.js: the variables the
// page sends for each bulk button.
export function bulkMutationVariables(button, registryClass) {
  const variables = { registryClass, action: null, replicationState: null, verificationState: null };
  if (button === 'resync_all_failed') {
    variables.action = 'RESYNC_ALL';
    variables.replicationState = 'FAILED';
  } else if (button === 'reverify_all_failed') {
    variables.action = 'REVERIFY_ALL';
    variables.verificationState = 'FAILED';
  } else {
    variables.action = button.toUpperCase();
  }
  return variables;
}
