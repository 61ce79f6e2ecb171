/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AuthRoster {\n    users(first: 3) { nodes { email roles { name } timeZone { name } } }\n  }\n": typeof types.AuthRosterDocument,
    "\n  query Roster($first: Int!) {\n    users(first: $first) {\n      nodes {\n        firstName\n        email\n        roles { name }\n        skills { level skill { name } }\n        userGroups { name }\n        timeZone { name }\n      }\n    }\n  }\n": typeof types.RosterDocument,
    "\n  query UserWithRoles($id: ID!) {\n    user(id: $id) { firstName roles { name } }\n  }\n": typeof types.UserWithRolesDocument,
    "\n    query UsersPage($first: Int, $after: String, $last: Int, $before: String) {\n      users(first: $first, after: $after, last: $last, before: $before) {\n        edges { cursor node { rciId } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  ": typeof types.UsersPageDocument,
    "\n        query Filtered {\n          users(filter: { firstName: \"J?hn\", surname: \"F*\" }) { nodes { rciId firstName surname } }\n          queues(filter: { address: \"10?\" }) { nodes { name } }\n        }\n      ": typeof types.FilteredDocument,
    "query ByEmail { users(filter: { email: \"John.Fox@*\" }) { nodes { firstName email } } }": typeof types.ByEmailDocument,
    "\n      query SortedUsers($locale: String) {\n        users(first: 100, orderBy: [{ field: SURNAME, direction: DESC }, { field: FIRST_NAME }], sortLocale: $locale) {\n          nodes { surname firstName }\n        }\n      }\n    ": typeof types.SortedUsersDocument,
    "\n  query Lookups(\n    $user: ID!\n    $userGroup: ID!\n    $role: ID!\n    $skill: ID!\n    $queue: ID!\n    $queueGroup: ID!\n    $timeZone: ID!\n    $prsProfile: ID!\n    $messagingService: ID!\n    $replyTemplate: ID!\n    $customIvr: ID!\n    $audioPrompt: ID!\n    $cpExtension: ID!\n    $disruptionSet: ID!\n  ) {\n    user(id: $user) { id rciId firstName surname login email timeZoneId synchronised }\n    userGroup(id: $userGroup) { id rciId name synchronised }\n    role(id: $role) { id rciId name description }\n    skill(id: $skill) { id rciId name description }\n    queue(id: $queue) { id rciId name type loginType description addresses synchronised }\n    queueGroup(id: $queueGroup) { id rciId name description }\n    timeZone(id: $timeZone) { id rciId name }\n    prsProfile(id: $prsProfile) { id rciId name reason }\n    messagingService(id: $messagingService) { id rciId name type connection }\n    replyTemplate(id: $replyTemplate) { id rciId name language contentType attachmentCount body keywords }\n    customIvr(id: $customIvr) { id rciId name description active addresses currentSourceCodeVersionId }\n    audioPrompt(id: $audioPrompt) { id rciId name promptType loopType sourceType }\n    cpExtension(id: $cpExtension) { id rciId title url icon hidden queueIds }\n    disruptionSet(id: $disruptionSet) { id rciId name externalId }\n  }\n": typeof types.LookupsDocument,
    "\n        query Missing($id: ID!, $tz: ID!) {\n          user(id: $id) { id }\n          queue(id: $id) { id }\n          timeZone(id: $tz) { id }\n        }\n      ": typeof types.MissingDocument,
    "\n        query SameUser($a: ID!, $b: ID!) {\n          a: user(id: $a) { rciId }\n          b: user(id: $b) { rciId }\n        }\n      ": typeof types.SameUserDocument,
    "query WrongType($id: ID!) { user(id: $id) { id } }": typeof types.WrongTypeDocument,
    "\n        query NestedIds($queue: ID!, $set: ID!) {\n          queue(id: $queue) { id extensions { id name } }\n          disruptionSet(id: $set) { events { id rciId } }\n        }\n      ": typeof types.NestedIdsDocument,
    "\n        query Nodes($ids: [ID!]!, $one: ID!) {\n          node(id: $one) { id ... on Queue { name } }\n          nodes(ids: $ids) {\n            id\n            __typename\n            ... on QueueExtension { name }\n            ... on DisruptionEvent { rciId }\n          }\n        }\n      ": typeof types.NodesDocument,
    "query BadNode($id: ID!) { node(id: $id) { id } }": typeof types.BadNodeDocument,
    "\n        query UserRelations($id: ID!) {\n          user(id: $id) {\n            roles { rciId name description }\n            userGroups { rciId name synchronised }\n            skills { level skill { rciId name description } }\n            certificates { id rciId subject issuer }\n            timeZone { rciId name }\n          }\n        }\n      ": typeof types.UserRelationsDocument,
    "\n        query Members($group: ID!, $role: ID!) {\n          userGroup(id: $group) { users { rciId firstName } johns: users(filter: { firstName: \"Jo*\" }) { rciId } }\n          role(id: $role) { users { rciId surname email } }\n        }\n      ": typeof types.MembersDocument,
    "\n        query QueueRelations($id: ID!) {\n          queue(id: $id) {\n            extensions { rciId name language priority }\n            queueGroups { rciId name description }\n            attributes { name language value }\n            english: attributes(filter: { language: \"EN\" }) { value }\n            replyTemplates(first: 10) { nodes { rciId name } }\n          }\n        }\n      ": typeof types.QueueRelationsDocument,
    "query Sales($id: ID!) { queue(id: $id) { attributes { value } queueGroups { name } replyTemplates { nodes { name } } } }": typeof types.SalesDocument,
    "\n        query GroupQueues($id: ID!, $after: String) {\n          queueGroup(id: $id) {\n            queues(first: 1, after: $after, orderBy: [{ field: NAME }]) { nodes { rciId name type } pageInfo { hasNextPage endCursor } }\n            attributes { name value }\n          }\n        }\n      ": typeof types.GroupQueuesDocument,
    "query Ext { cpExtension(id: \"94C89D627D0340A2807B18D8B9C4CD90\") { queueIds queues { rciId name } } }": typeof types.ExtDocument,
    "query Auths { messagingServices { nodes { rciId authentications { rciId authenticationId } } } }": typeof types.AuthsDocument,
    "query Attachments { replyTemplate(id: \"611D51A367C54C2F8D30C032B48D847E\") { attachmentCount attachments { rciId fileName mimeType size } } }": typeof types.AttachmentsDocument,
    "\n        query Ivr($id: ID!) {\n          customIvr(id: $id) {\n            currentSourceCodeVersionId\n            currentSourceCode { rciId versionNumber sourceCode creationDate }\n            sourceCodes { rciId versionNumber creationDate sourceCode }\n            attributes { name language value }\n          }\n        }\n      ": typeof types.IvrDocument,
    "\n        query Events($id: ID!) {\n          disruptionSet(id: $id) {\n            events { rciId created modified activeFrom activeTo itemRefs { itemId externalId type } items { rciId externalId name type description attributes { name language value } } }\n            recent: events(filter: { created: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            older: events(filter: { createdEnd: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            items { rciId }\n            whereItems: items(filter: { type: \"WHERE\" }) { rciId type }\n          }\n        }\n      ": typeof types.EventsDocument,
    "\n        mutation RenameJohn($input: UpdateUserInput!) {\n          updateUser(input: $input) { user { firstName surname phone chat email login timeZone { rciId } } }\n        }\n      ": typeof types.RenameJohnDocument,
    "\n        mutation AddRole($input: AddRoleToUserInput!) {\n          addRoleToUser(input: $input) { user { roles { rciId } } role { users { rciId } } }\n        }\n      ": typeof types.AddRoleDocument,
    "\n      mutation SetSkill($input: SetUserSkillInput!) {\n        setUserSkill(input: $input) { level skill { rciId } user { skills { level skill { rciId } } } }\n      }\n    ": typeof types.SetSkillDocument,
    "\n      mutation CreateEvent($input: CreateDisruptionEventInput!) {\n        createDisruptionEvent(input: $input) {\n          event { id rciId remarks activeFrom activeTo created items { rciId externalId type name } }\n          disruptionSet { events { rciId } }\n        }\n      }\n    ": typeof types.CreateEventDocument,
    "\n  mutation CreateUserForValidation($input: CreateUserInput!) {\n    createUser(input: $input) { user { id } }\n  }\n": typeof types.CreateUserForValidationDocument,
};
const documents: Documents = {
    "\n  query AuthRoster {\n    users(first: 3) { nodes { email roles { name } timeZone { name } } }\n  }\n": types.AuthRosterDocument,
    "\n  query Roster($first: Int!) {\n    users(first: $first) {\n      nodes {\n        firstName\n        email\n        roles { name }\n        skills { level skill { name } }\n        userGroups { name }\n        timeZone { name }\n      }\n    }\n  }\n": types.RosterDocument,
    "\n  query UserWithRoles($id: ID!) {\n    user(id: $id) { firstName roles { name } }\n  }\n": types.UserWithRolesDocument,
    "\n    query UsersPage($first: Int, $after: String, $last: Int, $before: String) {\n      users(first: $first, after: $after, last: $last, before: $before) {\n        edges { cursor node { rciId } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  ": types.UsersPageDocument,
    "\n        query Filtered {\n          users(filter: { firstName: \"J?hn\", surname: \"F*\" }) { nodes { rciId firstName surname } }\n          queues(filter: { address: \"10?\" }) { nodes { name } }\n        }\n      ": types.FilteredDocument,
    "query ByEmail { users(filter: { email: \"John.Fox@*\" }) { nodes { firstName email } } }": types.ByEmailDocument,
    "\n      query SortedUsers($locale: String) {\n        users(first: 100, orderBy: [{ field: SURNAME, direction: DESC }, { field: FIRST_NAME }], sortLocale: $locale) {\n          nodes { surname firstName }\n        }\n      }\n    ": types.SortedUsersDocument,
    "\n  query Lookups(\n    $user: ID!\n    $userGroup: ID!\n    $role: ID!\n    $skill: ID!\n    $queue: ID!\n    $queueGroup: ID!\n    $timeZone: ID!\n    $prsProfile: ID!\n    $messagingService: ID!\n    $replyTemplate: ID!\n    $customIvr: ID!\n    $audioPrompt: ID!\n    $cpExtension: ID!\n    $disruptionSet: ID!\n  ) {\n    user(id: $user) { id rciId firstName surname login email timeZoneId synchronised }\n    userGroup(id: $userGroup) { id rciId name synchronised }\n    role(id: $role) { id rciId name description }\n    skill(id: $skill) { id rciId name description }\n    queue(id: $queue) { id rciId name type loginType description addresses synchronised }\n    queueGroup(id: $queueGroup) { id rciId name description }\n    timeZone(id: $timeZone) { id rciId name }\n    prsProfile(id: $prsProfile) { id rciId name reason }\n    messagingService(id: $messagingService) { id rciId name type connection }\n    replyTemplate(id: $replyTemplate) { id rciId name language contentType attachmentCount body keywords }\n    customIvr(id: $customIvr) { id rciId name description active addresses currentSourceCodeVersionId }\n    audioPrompt(id: $audioPrompt) { id rciId name promptType loopType sourceType }\n    cpExtension(id: $cpExtension) { id rciId title url icon hidden queueIds }\n    disruptionSet(id: $disruptionSet) { id rciId name externalId }\n  }\n": types.LookupsDocument,
    "\n        query Missing($id: ID!, $tz: ID!) {\n          user(id: $id) { id }\n          queue(id: $id) { id }\n          timeZone(id: $tz) { id }\n        }\n      ": types.MissingDocument,
    "\n        query SameUser($a: ID!, $b: ID!) {\n          a: user(id: $a) { rciId }\n          b: user(id: $b) { rciId }\n        }\n      ": types.SameUserDocument,
    "query WrongType($id: ID!) { user(id: $id) { id } }": types.WrongTypeDocument,
    "\n        query NestedIds($queue: ID!, $set: ID!) {\n          queue(id: $queue) { id extensions { id name } }\n          disruptionSet(id: $set) { events { id rciId } }\n        }\n      ": types.NestedIdsDocument,
    "\n        query Nodes($ids: [ID!]!, $one: ID!) {\n          node(id: $one) { id ... on Queue { name } }\n          nodes(ids: $ids) {\n            id\n            __typename\n            ... on QueueExtension { name }\n            ... on DisruptionEvent { rciId }\n          }\n        }\n      ": types.NodesDocument,
    "query BadNode($id: ID!) { node(id: $id) { id } }": types.BadNodeDocument,
    "\n        query UserRelations($id: ID!) {\n          user(id: $id) {\n            roles { rciId name description }\n            userGroups { rciId name synchronised }\n            skills { level skill { rciId name description } }\n            certificates { id rciId subject issuer }\n            timeZone { rciId name }\n          }\n        }\n      ": types.UserRelationsDocument,
    "\n        query Members($group: ID!, $role: ID!) {\n          userGroup(id: $group) { users { rciId firstName } johns: users(filter: { firstName: \"Jo*\" }) { rciId } }\n          role(id: $role) { users { rciId surname email } }\n        }\n      ": types.MembersDocument,
    "\n        query QueueRelations($id: ID!) {\n          queue(id: $id) {\n            extensions { rciId name language priority }\n            queueGroups { rciId name description }\n            attributes { name language value }\n            english: attributes(filter: { language: \"EN\" }) { value }\n            replyTemplates(first: 10) { nodes { rciId name } }\n          }\n        }\n      ": types.QueueRelationsDocument,
    "query Sales($id: ID!) { queue(id: $id) { attributes { value } queueGroups { name } replyTemplates { nodes { name } } } }": types.SalesDocument,
    "\n        query GroupQueues($id: ID!, $after: String) {\n          queueGroup(id: $id) {\n            queues(first: 1, after: $after, orderBy: [{ field: NAME }]) { nodes { rciId name type } pageInfo { hasNextPage endCursor } }\n            attributes { name value }\n          }\n        }\n      ": types.GroupQueuesDocument,
    "query Ext { cpExtension(id: \"94C89D627D0340A2807B18D8B9C4CD90\") { queueIds queues { rciId name } } }": types.ExtDocument,
    "query Auths { messagingServices { nodes { rciId authentications { rciId authenticationId } } } }": types.AuthsDocument,
    "query Attachments { replyTemplate(id: \"611D51A367C54C2F8D30C032B48D847E\") { attachmentCount attachments { rciId fileName mimeType size } } }": types.AttachmentsDocument,
    "\n        query Ivr($id: ID!) {\n          customIvr(id: $id) {\n            currentSourceCodeVersionId\n            currentSourceCode { rciId versionNumber sourceCode creationDate }\n            sourceCodes { rciId versionNumber creationDate sourceCode }\n            attributes { name language value }\n          }\n        }\n      ": types.IvrDocument,
    "\n        query Events($id: ID!) {\n          disruptionSet(id: $id) {\n            events { rciId created modified activeFrom activeTo itemRefs { itemId externalId type } items { rciId externalId name type description attributes { name language value } } }\n            recent: events(filter: { created: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            older: events(filter: { createdEnd: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            items { rciId }\n            whereItems: items(filter: { type: \"WHERE\" }) { rciId type }\n          }\n        }\n      ": types.EventsDocument,
    "\n        mutation RenameJohn($input: UpdateUserInput!) {\n          updateUser(input: $input) { user { firstName surname phone chat email login timeZone { rciId } } }\n        }\n      ": types.RenameJohnDocument,
    "\n        mutation AddRole($input: AddRoleToUserInput!) {\n          addRoleToUser(input: $input) { user { roles { rciId } } role { users { rciId } } }\n        }\n      ": types.AddRoleDocument,
    "\n      mutation SetSkill($input: SetUserSkillInput!) {\n        setUserSkill(input: $input) { level skill { rciId } user { skills { level skill { rciId } } } }\n      }\n    ": types.SetSkillDocument,
    "\n      mutation CreateEvent($input: CreateDisruptionEventInput!) {\n        createDisruptionEvent(input: $input) {\n          event { id rciId remarks activeFrom activeTo created items { rciId externalId type name } }\n          disruptionSet { events { rciId } }\n        }\n      }\n    ": types.CreateEventDocument,
    "\n  mutation CreateUserForValidation($input: CreateUserInput!) {\n    createUser(input: $input) { user { id } }\n  }\n": types.CreateUserForValidationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthRoster {\n    users(first: 3) { nodes { email roles { name } timeZone { name } } }\n  }\n"): (typeof documents)["\n  query AuthRoster {\n    users(first: 3) { nodes { email roles { name } timeZone { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Roster($first: Int!) {\n    users(first: $first) {\n      nodes {\n        firstName\n        email\n        roles { name }\n        skills { level skill { name } }\n        userGroups { name }\n        timeZone { name }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Roster($first: Int!) {\n    users(first: $first) {\n      nodes {\n        firstName\n        email\n        roles { name }\n        skills { level skill { name } }\n        userGroups { name }\n        timeZone { name }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserWithRoles($id: ID!) {\n    user(id: $id) { firstName roles { name } }\n  }\n"): (typeof documents)["\n  query UserWithRoles($id: ID!) {\n    user(id: $id) { firstName roles { name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query UsersPage($first: Int, $after: String, $last: Int, $before: String) {\n      users(first: $first, after: $after, last: $last, before: $before) {\n        edges { cursor node { rciId } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  "): (typeof documents)["\n    query UsersPage($first: Int, $after: String, $last: Int, $before: String) {\n      users(first: $first, after: $after, last: $last, before: $before) {\n        edges { cursor node { rciId } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Filtered {\n          users(filter: { firstName: \"J?hn\", surname: \"F*\" }) { nodes { rciId firstName surname } }\n          queues(filter: { address: \"10?\" }) { nodes { name } }\n        }\n      "): (typeof documents)["\n        query Filtered {\n          users(filter: { firstName: \"J?hn\", surname: \"F*\" }) { nodes { rciId firstName surname } }\n          queues(filter: { address: \"10?\" }) { nodes { name } }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ByEmail { users(filter: { email: \"John.Fox@*\" }) { nodes { firstName email } } }"): (typeof documents)["query ByEmail { users(filter: { email: \"John.Fox@*\" }) { nodes { firstName email } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query SortedUsers($locale: String) {\n        users(first: 100, orderBy: [{ field: SURNAME, direction: DESC }, { field: FIRST_NAME }], sortLocale: $locale) {\n          nodes { surname firstName }\n        }\n      }\n    "): (typeof documents)["\n      query SortedUsers($locale: String) {\n        users(first: 100, orderBy: [{ field: SURNAME, direction: DESC }, { field: FIRST_NAME }], sortLocale: $locale) {\n          nodes { surname firstName }\n        }\n      }\n    "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Lookups(\n    $user: ID!\n    $userGroup: ID!\n    $role: ID!\n    $skill: ID!\n    $queue: ID!\n    $queueGroup: ID!\n    $timeZone: ID!\n    $prsProfile: ID!\n    $messagingService: ID!\n    $replyTemplate: ID!\n    $customIvr: ID!\n    $audioPrompt: ID!\n    $cpExtension: ID!\n    $disruptionSet: ID!\n  ) {\n    user(id: $user) { id rciId firstName surname login email timeZoneId synchronised }\n    userGroup(id: $userGroup) { id rciId name synchronised }\n    role(id: $role) { id rciId name description }\n    skill(id: $skill) { id rciId name description }\n    queue(id: $queue) { id rciId name type loginType description addresses synchronised }\n    queueGroup(id: $queueGroup) { id rciId name description }\n    timeZone(id: $timeZone) { id rciId name }\n    prsProfile(id: $prsProfile) { id rciId name reason }\n    messagingService(id: $messagingService) { id rciId name type connection }\n    replyTemplate(id: $replyTemplate) { id rciId name language contentType attachmentCount body keywords }\n    customIvr(id: $customIvr) { id rciId name description active addresses currentSourceCodeVersionId }\n    audioPrompt(id: $audioPrompt) { id rciId name promptType loopType sourceType }\n    cpExtension(id: $cpExtension) { id rciId title url icon hidden queueIds }\n    disruptionSet(id: $disruptionSet) { id rciId name externalId }\n  }\n"): (typeof documents)["\n  query Lookups(\n    $user: ID!\n    $userGroup: ID!\n    $role: ID!\n    $skill: ID!\n    $queue: ID!\n    $queueGroup: ID!\n    $timeZone: ID!\n    $prsProfile: ID!\n    $messagingService: ID!\n    $replyTemplate: ID!\n    $customIvr: ID!\n    $audioPrompt: ID!\n    $cpExtension: ID!\n    $disruptionSet: ID!\n  ) {\n    user(id: $user) { id rciId firstName surname login email timeZoneId synchronised }\n    userGroup(id: $userGroup) { id rciId name synchronised }\n    role(id: $role) { id rciId name description }\n    skill(id: $skill) { id rciId name description }\n    queue(id: $queue) { id rciId name type loginType description addresses synchronised }\n    queueGroup(id: $queueGroup) { id rciId name description }\n    timeZone(id: $timeZone) { id rciId name }\n    prsProfile(id: $prsProfile) { id rciId name reason }\n    messagingService(id: $messagingService) { id rciId name type connection }\n    replyTemplate(id: $replyTemplate) { id rciId name language contentType attachmentCount body keywords }\n    customIvr(id: $customIvr) { id rciId name description active addresses currentSourceCodeVersionId }\n    audioPrompt(id: $audioPrompt) { id rciId name promptType loopType sourceType }\n    cpExtension(id: $cpExtension) { id rciId title url icon hidden queueIds }\n    disruptionSet(id: $disruptionSet) { id rciId name externalId }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Missing($id: ID!, $tz: ID!) {\n          user(id: $id) { id }\n          queue(id: $id) { id }\n          timeZone(id: $tz) { id }\n        }\n      "): (typeof documents)["\n        query Missing($id: ID!, $tz: ID!) {\n          user(id: $id) { id }\n          queue(id: $id) { id }\n          timeZone(id: $tz) { id }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query SameUser($a: ID!, $b: ID!) {\n          a: user(id: $a) { rciId }\n          b: user(id: $b) { rciId }\n        }\n      "): (typeof documents)["\n        query SameUser($a: ID!, $b: ID!) {\n          a: user(id: $a) { rciId }\n          b: user(id: $b) { rciId }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WrongType($id: ID!) { user(id: $id) { id } }"): (typeof documents)["query WrongType($id: ID!) { user(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query NestedIds($queue: ID!, $set: ID!) {\n          queue(id: $queue) { id extensions { id name } }\n          disruptionSet(id: $set) { events { id rciId } }\n        }\n      "): (typeof documents)["\n        query NestedIds($queue: ID!, $set: ID!) {\n          queue(id: $queue) { id extensions { id name } }\n          disruptionSet(id: $set) { events { id rciId } }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Nodes($ids: [ID!]!, $one: ID!) {\n          node(id: $one) { id ... on Queue { name } }\n          nodes(ids: $ids) {\n            id\n            __typename\n            ... on QueueExtension { name }\n            ... on DisruptionEvent { rciId }\n          }\n        }\n      "): (typeof documents)["\n        query Nodes($ids: [ID!]!, $one: ID!) {\n          node(id: $one) { id ... on Queue { name } }\n          nodes(ids: $ids) {\n            id\n            __typename\n            ... on QueueExtension { name }\n            ... on DisruptionEvent { rciId }\n          }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BadNode($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query BadNode($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query UserRelations($id: ID!) {\n          user(id: $id) {\n            roles { rciId name description }\n            userGroups { rciId name synchronised }\n            skills { level skill { rciId name description } }\n            certificates { id rciId subject issuer }\n            timeZone { rciId name }\n          }\n        }\n      "): (typeof documents)["\n        query UserRelations($id: ID!) {\n          user(id: $id) {\n            roles { rciId name description }\n            userGroups { rciId name synchronised }\n            skills { level skill { rciId name description } }\n            certificates { id rciId subject issuer }\n            timeZone { rciId name }\n          }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Members($group: ID!, $role: ID!) {\n          userGroup(id: $group) { users { rciId firstName } johns: users(filter: { firstName: \"Jo*\" }) { rciId } }\n          role(id: $role) { users { rciId surname email } }\n        }\n      "): (typeof documents)["\n        query Members($group: ID!, $role: ID!) {\n          userGroup(id: $group) { users { rciId firstName } johns: users(filter: { firstName: \"Jo*\" }) { rciId } }\n          role(id: $role) { users { rciId surname email } }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query QueueRelations($id: ID!) {\n          queue(id: $id) {\n            extensions { rciId name language priority }\n            queueGroups { rciId name description }\n            attributes { name language value }\n            english: attributes(filter: { language: \"EN\" }) { value }\n            replyTemplates(first: 10) { nodes { rciId name } }\n          }\n        }\n      "): (typeof documents)["\n        query QueueRelations($id: ID!) {\n          queue(id: $id) {\n            extensions { rciId name language priority }\n            queueGroups { rciId name description }\n            attributes { name language value }\n            english: attributes(filter: { language: \"EN\" }) { value }\n            replyTemplates(first: 10) { nodes { rciId name } }\n          }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Sales($id: ID!) { queue(id: $id) { attributes { value } queueGroups { name } replyTemplates { nodes { name } } } }"): (typeof documents)["query Sales($id: ID!) { queue(id: $id) { attributes { value } queueGroups { name } replyTemplates { nodes { name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query GroupQueues($id: ID!, $after: String) {\n          queueGroup(id: $id) {\n            queues(first: 1, after: $after, orderBy: [{ field: NAME }]) { nodes { rciId name type } pageInfo { hasNextPage endCursor } }\n            attributes { name value }\n          }\n        }\n      "): (typeof documents)["\n        query GroupQueues($id: ID!, $after: String) {\n          queueGroup(id: $id) {\n            queues(first: 1, after: $after, orderBy: [{ field: NAME }]) { nodes { rciId name type } pageInfo { hasNextPage endCursor } }\n            attributes { name value }\n          }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Ext { cpExtension(id: \"94C89D627D0340A2807B18D8B9C4CD90\") { queueIds queues { rciId name } } }"): (typeof documents)["query Ext { cpExtension(id: \"94C89D627D0340A2807B18D8B9C4CD90\") { queueIds queues { rciId name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Auths { messagingServices { nodes { rciId authentications { rciId authenticationId } } } }"): (typeof documents)["query Auths { messagingServices { nodes { rciId authentications { rciId authenticationId } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Attachments { replyTemplate(id: \"611D51A367C54C2F8D30C032B48D847E\") { attachmentCount attachments { rciId fileName mimeType size } } }"): (typeof documents)["query Attachments { replyTemplate(id: \"611D51A367C54C2F8D30C032B48D847E\") { attachmentCount attachments { rciId fileName mimeType size } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Ivr($id: ID!) {\n          customIvr(id: $id) {\n            currentSourceCodeVersionId\n            currentSourceCode { rciId versionNumber sourceCode creationDate }\n            sourceCodes { rciId versionNumber creationDate sourceCode }\n            attributes { name language value }\n          }\n        }\n      "): (typeof documents)["\n        query Ivr($id: ID!) {\n          customIvr(id: $id) {\n            currentSourceCodeVersionId\n            currentSourceCode { rciId versionNumber sourceCode creationDate }\n            sourceCodes { rciId versionNumber creationDate sourceCode }\n            attributes { name language value }\n          }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        query Events($id: ID!) {\n          disruptionSet(id: $id) {\n            events { rciId created modified activeFrom activeTo itemRefs { itemId externalId type } items { rciId externalId name type description attributes { name language value } } }\n            recent: events(filter: { created: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            older: events(filter: { createdEnd: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            items { rciId }\n            whereItems: items(filter: { type: \"WHERE\" }) { rciId type }\n          }\n        }\n      "): (typeof documents)["\n        query Events($id: ID!) {\n          disruptionSet(id: $id) {\n            events { rciId created modified activeFrom activeTo itemRefs { itemId externalId type } items { rciId externalId name type description attributes { name language value } } }\n            recent: events(filter: { created: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            older: events(filter: { createdEnd: \"2020-12-28T18:00:00.000Z\" }) { rciId }\n            items { rciId }\n            whereItems: items(filter: { type: \"WHERE\" }) { rciId type }\n          }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        mutation RenameJohn($input: UpdateUserInput!) {\n          updateUser(input: $input) { user { firstName surname phone chat email login timeZone { rciId } } }\n        }\n      "): (typeof documents)["\n        mutation RenameJohn($input: UpdateUserInput!) {\n          updateUser(input: $input) { user { firstName surname phone chat email login timeZone { rciId } } }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        mutation AddRole($input: AddRoleToUserInput!) {\n          addRoleToUser(input: $input) { user { roles { rciId } } role { users { rciId } } }\n        }\n      "): (typeof documents)["\n        mutation AddRole($input: AddRoleToUserInput!) {\n          addRoleToUser(input: $input) { user { roles { rciId } } role { users { rciId } } }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation SetSkill($input: SetUserSkillInput!) {\n        setUserSkill(input: $input) { level skill { rciId } user { skills { level skill { rciId } } } }\n      }\n    "): (typeof documents)["\n      mutation SetSkill($input: SetUserSkillInput!) {\n        setUserSkill(input: $input) { level skill { rciId } user { skills { level skill { rciId } } } }\n      }\n    "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation CreateEvent($input: CreateDisruptionEventInput!) {\n        createDisruptionEvent(input: $input) {\n          event { id rciId remarks activeFrom activeTo created items { rciId externalId type name } }\n          disruptionSet { events { rciId } }\n        }\n      }\n    "): (typeof documents)["\n      mutation CreateEvent($input: CreateDisruptionEventInput!) {\n        createDisruptionEvent(input: $input) {\n          event { id rciId remarks activeFrom activeTo created items { rciId externalId type name } }\n          disruptionSet { events { rciId } }\n        }\n      }\n    "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUserForValidation($input: CreateUserInput!) {\n    createUser(input: $input) { user { id } }\n  }\n"): (typeof documents)["\n  mutation CreateUserForValidation($input: CreateUserInput!) {\n    createUser(input: $input) { user { id } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;