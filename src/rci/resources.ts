/**
 * The resource catalogue: one typed description of every RCI resource, taken from the RCI documentation.
 *
 * Everything that is the same for all resources is derived from this table rather than written per
 * resource: URL building and id checks in the client, DataLoaders, GraphQL types, filter and sort inputs,
 * mutation inputs and their validation, and the simulator's routes, store and validation. Adding an RCI
 * resource is one entry here (plus, only if it has specifics, a domain file under src/schema/).
 *
 * This module is pure data and small pure helpers; it knows nothing of HTTP, GraphQL or the simulator.
 */

/** Names of the record types (wire shapes): the keys of `records` below. */
export type RecordName = keyof typeof records;

/** Names of the collections: the keys of `resources` below. */
export type ResourceName = keyof typeof resources;

/** How an id of a resource looks on the wire. */
export type IdFormat =
  /** 32 uppercase hexadecimal characters (RCI also accepts the dashed 8-4-4-4-12 form and answers undashed). */
  | 'guid'
  /** An IANA time zone name such as `Europe/Helsinki`. */
  | 'ianaTimeZone';

export type FieldType =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number' }
  | { kind: 'datetime' }
  /** A documented one-of. `values` are the canonical spellings; RCI reads them case-insensitively. */
  | { kind: 'enum'; values: readonly string[] }
  /** A list of strings, optionally inside RCI's wrapper object (`{"addresses": {"address": [...]}}`). */
  | { kind: 'stringList'; wrapper?: string }
  /** A list of objects of another record type, optionally inside a wrapper (`{"items": {"item": [...]}}`). */
  | { kind: 'objectList'; of: RecordName; wrapper?: string };

export interface FieldSpec {
  type: FieldType;
  /** Marked `required` in the RCI documentation. */
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Set by RCI, never written by a client (`id`, timestamps, counters). */
  readOnly?: boolean;
  /** Accepted on writes and never answered by RCI or exposed by the gateway (passwords). */
  writeOnly?: boolean;
  /** The value is the id (or list of ids) of another resource. */
  refersTo?: ResourceName;
  /** A shape the value must have beyond its length (RCI documents none; the gateway checks it). */
  format?: 'email';
  /**
   * Other names the documentation itself uses for the property (its examples or property lists), read
   * as this property wherever RCI or a client may send them.
   */
  aliases?: readonly string[];
  description: string;
}

/** A query parameter of a list operation. */
export type SearchSpec =
  | PlainSearch
  /**
   * A pattern whose value is the id of another resource (`refersTo`), or matched against values RCI
   * keeps outside the listed object's answered properties (`from`).
   */
  | { kind: 'pattern'; field?: string; description?: string; refersTo?: ResourceName; from?: SearchSource };

/**
 * A query parameter that names no other resource. The table's helpers build these: their types must
 * not mention `ResourceName`, which is derived from the table they build.
 */
type PlainSearch =
  /** A string value with `*` and `?` patterns, matched against `field` (defaults to the parameter's name). */
  | { kind: 'pattern'; field?: string; description?: string; refersTo?: never; from?: never }
  /** `true`/`false`, matched against the property named like the parameter, or computed (`from`). */
  | { kind: 'flag'; description: string; from?: ComputedSearch }
  /** A UTC timestamp: matches objects whose `field` is after (`after`) or before (`before`) it. */
  | { kind: 'after' | 'before'; field: string; description: string };

/**
 * Where the values a search parameter matches come from when they are not a property of the listed
 * object as RCI answers it: RCI also searches by facts it keeps elsewhere, or computes. A write that
 * changes such a fact changes which objects the search finds (the cache's invalidation reads these).
 */
export type SearchSource =
  | ComputedSearch
  /**
   * The `field` of every object of `collection`, a collection nested under each listed object: a
   * custom IVR is found by the names of its attributes. The object matches when any of them does.
   */
  | { kind: 'nested'; collection: ResourceName; field: string }
  /** The ids kept in one of the listed collection's `hidden` references: the queues a template is used in. */
  | { kind: 'hidden'; reference: string };

/** A value RCI computes from the object's own properties (it names no other resource). */
type ComputedSearch =
  /**
   * True while the time of the request is within the object's `start`..`end` (inclusive); a missing
   * end is open. Nothing written changes it as time passes: only the cache's TTL bounds a cached answer.
   */
  { kind: 'period'; start: string; end: string };

/**
 * A reference RCI keeps on each object of a collection and never answers: a list of ids of another
 * collection, known only through the search parameter it serves. Deleting a referenced object drops
 * its id from the list, as for references on the wire.
 */
export interface HiddenReference {
  refersTo: ResourceName;
  description: string;
}

export interface ListSpec {
  /** The documented query parameters that filter the list. Any other field parameter answers 400. */
  search: Readonly<Record<string, SearchSpec>>;
  /** Present when the list takes `sort`; `default` is the documented default sort. */
  sort?: { default: readonly string[] };
  /** Present when the list takes `offset` and `limit`. */
  paged: boolean;
  /**
   * When the list answers summaries rather than full objects: the fields each item carries. With
   * `addsQueried`, every field named in the query parameters is added (as `GET /users` documents).
   */
  summary?: { fields: readonly string[]; addsQueried?: boolean };
}

export type Operation = 'list' | 'get' | 'create' | 'update' | 'delete';

/** A record type: the shape of objects on the wire. */
export interface RecordSpec {
  /** The GraphQL type name, following the RCI's own noun. */
  typeName: string;
  description: string;
  fields: Readonly<Record<string, FieldSpec>>;
}

/** A collection of objects owned by the RCI at a path: either at the root or under one parent object. */
export interface CollectionSpec {
  record: RecordName;
  /** Path segment of the collection (`users`, `certificates`). */
  segment: string;
  /** For a nested collection, the resource that owns it. */
  parent?: ResourceName;
  /** Name of the id parameter in the documentation (`userId`); absent for collections without by-id access. */
  idParam?: string;
  idFormat: IdFormat;
  operations: readonly Operation[];
  list: ListSpec;
  /** References RCI keeps on each object and never answers, by the property that holds them. */
  hidden?: Readonly<Record<string, HiddenReference>>;
  /** The documentation's summary of the collection. */
  description: string;
}

const str = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  type: { kind: 'string' },
  description,
  ...extra,
});
const guidField = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  str(description, { minLength: 32, maxLength: 32, ...extra });
const idField: FieldSpec = guidField('RCI id of the object (32 hexadecimal characters), added by the system.', {
  required: true,
  readOnly: true,
});
const bool = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  type: { kind: 'boolean' },
  description,
  ...extra,
});
const oneOf = (values: readonly string[], description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  type: { kind: 'enum', values },
  description,
  ...extra,
});
const datetime = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  type: { kind: 'datetime' },
  description,
  ...extra,
});
/**
 * A record type. `Fields` is left unconstrained (`checkedRecords` below checks them): a constraint
 * naming `FieldSpec` would make the record names, which `FieldSpec` mentions, depend on themselves.
 */
const recordType = <const Fields>(typeName: string, description: string, fields: Fields) => ({
  typeName,
  description,
  fields,
});
/** A record of objects RCI gives ids of their own (`id`, 32 hexadecimal characters) besides `fields`. */
const entity = <const Fields>(typeName: string, description: string, fields: Fields) =>
  recordType(typeName, description, { id: idField, ...fields });
const pattern = (field?: string): PlainSearch => ({ kind: 'pattern', field });
const patterns = (...names: string[]): Record<string, PlainSearch> =>
  Object.fromEntries(names.map((n) => [n, pattern()]));

/** Every record type on the wire. */
export const records = {
  user: entity('User', 'Entity representing a user.', {
    firstName: str('First name of the user.', { required: true, minLength: 1, maxLength: 400 }),
    surname: str('Surname of the user.', { required: true, minLength: 1, maxLength: 400 }),
    login: str('Login name of the user.', { minLength: 1, maxLength: 64 }),
    externalId: str('Identifier of the user in an external system.', { minLength: 1, maxLength: 128 }),
    phone: str('Phone number of the user.', { minLength: 1, maxLength: 256 }),
    chat: str('Chat address of the user.', { minLength: 3, maxLength: 256 }),
    chatName: str('Name shown to chat customers.', { minLength: 1, maxLength: 64 }),
    email: str('Email address of the user.', { minLength: 6, maxLength: 256, format: 'email' }),
    uiLanguage: str('Language of the user interface (for example `EN`).', { minLength: 2, maxLength: 4 }),
    promptLanguage: str('Language of the audio prompts (for example `EN`).', { minLength: 2, maxLength: 4 }),
    timeZone: str('Time zone of the user, an IANA name such as `Europe/Helsinki`.', {
      minLength: 3,
      maxLength: 50,
      refersTo: 'timeZones',
    }),
    synchronised: bool('Whether the user is synchronised from an external directory.'),
  }),
  userGroup: entity('UserGroup', 'Entity representing a userGroup.', {
    name: str('Name of the user group.', { required: true, minLength: 1, maxLength: 400 }),
    synchronised: bool('Whether the user group is synchronised from an external directory.'),
  }),
  role: entity('Role', 'Entity representing a role.', {
    name: str('Name of the role.', { required: true }),
    description: str('Description of the role.'),
  }),
  skill: entity('Skill', 'Entity representing a skill.', {
    name: str('Name of the skill.', { required: true, minLength: 1, maxLength: 400 }),
    description: str('Description of the skill.', { required: true, minLength: 1, maxLength: 400 }),
  }),
  userSkill: recordType('UserSkill', "A skill of a user with the user's level in it.", {
    id: guidField('Skill ID.', { required: true, refersTo: 'skills' }),
    value: { type: { kind: 'integer', min: 1, max: 5 }, required: true, description: 'Skill value 1-5.' },
  }),
  certificate: entity('Certificate', 'Entity representing a certificate.', {
    subject: str('Subject of the certificate.', { required: true, minLength: 1, maxLength: 450 }),
    issuer: str('Issuer of the certificate.', { required: true, minLength: 1, maxLength: 450 }),
  }),
  queue: entity('Queue', 'Entity representing a queue.', {
    type: oneOf(['Phone', 'Chat', 'Email'], 'Channel of the queue.', { required: true }),
    name: str('Name of the queue.', { required: true, minLength: 1, maxLength: 400 }),
    description: str('Description of the queue.', { minLength: 1, maxLength: 400 }),
    synchronised: bool('Whether the queue is synchronised from an external system.'),
    loginType: oneOf(['AutoAllocation', 'HuntGroup'], 'How agents are logged in to the queue.', {
      required: true,
    }),
    addresses: {
      type: { kind: 'stringList', wrapper: 'address' },
      description: 'Addresses of the queue: phone numbers, chat or email addresses.',
    },
  }),
  extension: entity('QueueExtension', 'Entity representing a extension of a queue.', {
    // The doc's extension examples send and answer `address`.
    name: str('The extension: its number or address.', { required: true, aliases: ['address'] }),
    language: str('Language of the extension.'),
    priority: { type: { kind: 'number' }, description: 'Priority of the extension.' },
  }),
  attribute: recordType('Attribute', 'A named, language-specific attribute value.', {
    name: str('Name of the attribute.', { required: true }),
    // The doc's attribute property lists spell it `langauge`.
    language: str('Language of the attribute value (for example `EN`).', { required: true, aliases: ['langauge'] }),
    value: str('Value of the attribute.', { required: true }),
  }),
  queueGroup: entity('QueueGroup', 'Entity representing a queueGroup.', {
    name: str('Name of the queue group.', { required: true, minLength: 1, maxLength: 400 }),
    description: str('Description of the queue group.', { required: true, minLength: 1, maxLength: 400 }),
  }),
  timeZone: recordType('TimeZone', 'Entity representing a timeZone.', {
    id: str('IANA name of the time zone, for example `Europe/Helsinki`.', { required: true, readOnly: true }),
    name: str('Display name of the time zone.', { required: true }),
  }),
  prsProfile: entity('PrsProfile', 'Entity representing a prsProfile (presence profile).', {
    name: str('Name of the presence profile.', { required: true }),
    reason: str('Reason of the presence profile, for example `NONE`, `VACATION` or `MEETING`.', {
      required: true,
    }),
  }),
  messagingService: entity('MessagingService', 'Entity representing a messagingService.', {
    name: str('Name of the messaging service.', { required: true }),
    type: oneOf(['facebook', 'twilio', 'sap365', 'yaas'], 'Type of the messaging service.', { required: true }),
    connection: str('Connection address of the messaging service.', { required: true }),
    authenticationScope: str('Authentication scope of the messaging service.'),
    authenticationUrl: str('Authentication URL of the messaging service.'),
  }),
  authentication: entity(
    'MessagingServiceAuthentication',
    'Entity representing a authentication of a messaging service.',
    {
      authenticationId: str('Login id used towards the messaging service.', { maxLength: 512 }),
      password: str('Password used towards the messaging service. Write-only.', { writeOnly: true }),
    },
  ),
  replyTemplate: entity('ReplyTemplate', 'Entity representing a replyTemplate.', {
    name: str('Name of the reply template.', { required: true }),
    description: str('Description of the reply template.', { minLength: 1, maxLength: 400 }),
    language: str('Language of the reply template.', { required: true, minLength: 2, maxLength: 4 }),
    subject: str('Subject of the reply.', { minLength: 0, maxLength: 1024 }),
    contentType: oneOf(['Static', 'Interactive'], 'Content type of the reply template.', { required: true }),
    attachmentCount: {
      type: { kind: 'integer' },
      required: true,
      readOnly: true,
      description: 'Number of attachments of the reply template.',
    },
    body: str('Body of the reply.', { required: true }),
    keywords: { type: { kind: 'stringList', wrapper: 'keyword' }, description: 'Keywords of the reply template.' },
  }),
  attachment: entity('ReplyTemplateAttachment', 'Entity representing a attachment of a reply template.', {
    size: { type: { kind: 'integer' }, required: true, description: 'Size of the attachment in bytes.' },
    fileName: str('File name of the attachment.', { required: true }),
    mimeType: str('MIME type of the attachment.', { required: true }),
  }),
  customIvr: entity('CustomIvr', 'Entity representing a customIvr.', {
    addresses: { type: { kind: 'stringList', wrapper: 'address' }, description: 'Addresses of the custom IVR.' },
    name: str('Name of the custom IVR.', { required: true }),
    description: str('Description of the custom IVR.'),
    currentSourceCodeVersionId: guidField('Id of the current source code version.'),
    active: bool('Whether the custom IVR is active.', { required: true }),
  }),
  sourceCode: entity('CustomIvrSourceCode', 'Entity representing a sourceCode version of a custom IVR.', {
    versionNumber: { type: { kind: 'number' }, required: true, description: 'Version number.' },
    creationDate: datetime('When the version was created.', { required: true }),
    modificationDate: datetime('When the version was last modified.'),
    description: str('Description of the version.'),
    sourceCode: str('The source code (VoiceXML). Answered by the by-id GETs only.'),
  }),
  audioPrompt: entity('AudioPrompt', 'Entity representing a audioPrompt.', {
    name: str('Name of the audio prompt.', { required: true }),
    description: str('Description of the audio prompt.'),
    promptType: oneOf(
      [
        'BlindTransferFailed',
        'ExtAgentAcceptQuestion',
        'ExternalTransfer',
        'ExternalTransferFailed',
        'InQueue',
        'InQueueBusy',
        'InternalTransfer',
        'IVRPrompt',
        'OfferingPrompt',
        'OnHold',
        'PreWelcome',
        'QueueFull',
        'ServiceClosed',
        'Welcome',
        'WelcomeBusy',
      ],
      'Where the prompt is played.',
      { required: true },
    ),
    loopType: oneOf(['ALL', 'LAST', 'RANDOM'], 'How the prompt loops.', { required: true }),
    sourceType: oneOf(['Custom', 'QueueBuiltIn', 'UserBuiltIn', 'OptionalBuiltIn'], 'Source of the prompt.', {
      required: true,
    }),
  }),
  cpExtension: entity('CpExtension', 'Entity representing a cpExtension (contact panel extension).', {
    name: str('Name of the extension. Added by the system.', { readOnly: true }),
    description: str('Description of the extension. Added by the system.', { readOnly: true }),
    title: str('Translated title of the extension.', { required: true }),
    url: str('URI location of the 3rd. party extension.', { required: true }),
    icon: str('Sinch Icon library reference.', { required: true }),
    queues: {
      type: { kind: 'stringList' },
      required: true,
      refersTo: 'queues',
      description: 'The queues this extension should be enabled for.',
    },
    hidden: bool('Should the extension be visible or run in hidden mode.', { required: true }),
  }),
  disruptionSet: entity('DisruptionSet', 'Entity representing a disruptionSet.', {
    name: str('Name of the disruption set.', { required: true }),
    externalId: str('Identifier of the disruption set in an external system.', { required: true }),
  }),
  event: entity('DisruptionEvent', 'Entity representing a event of a disruption set.', {
    remarks: str('Remarks on the event.'),
    activeFrom: datetime('When the event becomes active.'),
    activeTo: datetime('When the event stops being active.'),
    modified: datetime('When the event was last modified.', { readOnly: true }),
    created: datetime('When the event was created.', { readOnly: true }),
    items: {
      type: { kind: 'objectList', of: 'eventItem', wrapper: 'item' },
      required: true,
      description: 'The disruption items of the event. Either id or externalId and type are required for items.',
    },
  }),
  eventItem: recordType('DisruptionEventItemRef', 'A reference from an event to one of its disruption set items.', {
    id: guidField('Id of the disruption item.', { required: true, refersTo: 'items' }),
    // The doc's event item property lists spell it `externalid`.
    externalId: str('External id of the disruption item.', { required: true, aliases: ['externalid'] }),
    type: oneOf(['WHY', 'WHERE', 'WHEN'], 'Type of the disruption item.', { required: true }),
  }),
  item: entity('DisruptionItem', 'Entity representing a item of a disruption set.', {
    externalId: str('Identifier of the item in an external system.', { required: true }),
    name: str('Name of the item.', { required: true }),
    type: oneOf(['WHY', 'WHERE', 'WHEN'], 'Type of the item: why, where or when.', { required: true }),
    description: str('Description of the item.'),
    promptId: guidField('Id of the audio prompt of the item.'),
    promptName: str('Name of the audio prompt of the item.'),
    promptExternalId: str('External id of the audio prompt of the item.'),
    attributes: {
      type: { kind: 'objectList', of: 'itemAttribute', wrapper: 'attribute' },
      description: 'Attributes of the disruption item to define values when IVR Prompt and SayAs elements are used.',
    },
  }),
  itemAttribute: recordType('DisruptionItemAttribute', 'A SayAs attribute of a disruption item.', {
    name: oneOf(['SayAsValue', 'SayAsDatatype', 'SayAsGender', 'SayAsDeclension'], 'Name of the attribute.', {
      required: true,
    }),
    language: str('Language of the attribute value.', { required: true }),
    value: str('Value of the attribute.', { required: true }),
  }),
} as const;

// Every record checked against its description (after the table, not with `satisfies`, since the
// record names are derived from the table itself).
const checkedRecords: Readonly<Record<RecordName, RecordSpec>> = records;

const crud = ['list', 'get', 'create', 'update', 'delete'] as const;
const readOnlyOps = ['list', 'get'] as const;
const sortedPaged = (defaultSort: readonly string[], search: Record<string, PlainSearch>) => ({
  search,
  sort: { default: defaultSort },
  paged: true,
});
/** The attributes of each object of `parent`: RCI lists and adds them, and never reads one alone. */
const attributesOf = <const Parent extends string>(parent: Parent, description: string) =>
  ({
    record: 'attribute',
    parent,
    segment: 'attributes',
    idFormat: 'guid',
    operations: ['list', 'create'],
    list: { search: patterns('name', 'language'), paged: false },
    description,
  }) as const;
const userSearch = patterns('firstName', 'surname', 'externalId', 'chatName', 'chat', 'email', 'phone');
const userSummary = { fields: ['id', 'firstName', 'surname'], addsQueried: true } as const;
const nameSummary = { fields: ['id', 'name'] } as const;
const eventFilters: Record<string, PlainSearch> = {
  active: {
    kind: 'flag',
    description: 'Search for active events.',
    from: { kind: 'period', start: 'activeFrom', end: 'activeTo' },
  },
  activeFrom: { kind: 'after', field: 'activeFrom', description: 'Events whose activeFrom is after this UTC time.' },
  activeFromEnd: {
    kind: 'before',
    field: 'activeFrom',
    description: 'Events whose activeFrom is before this UTC time.',
  },
  activeTo: { kind: 'after', field: 'activeTo', description: 'Events whose activeTo is after this UTC time.' },
  activeToEnd: { kind: 'before', field: 'activeTo', description: 'Events whose activeTo is before this UTC time.' },
  created: { kind: 'after', field: 'created', description: 'Events created after this UTC time.' },
  createdEnd: { kind: 'before', field: 'created', description: 'Events created before this UTC time.' },
  modified: { kind: 'after', field: 'modified', description: 'Events modified after this UTC time.' },
  modifiedEnd: { kind: 'before', field: 'modified', description: 'Events modified before this UTC time.' },
};

/**
 * Every collection the RCI serves. Root collections are the top-level resources; nested ones are owned
 * by one parent object. Memberships (a relation seen from both sides) are in `memberships` below.
 */
export const resources = {
  users: {
    record: 'user',
    segment: 'users',
    idParam: 'userId',
    idFormat: 'guid',
    operations: crud,
    list: { ...sortedPaged(Object.keys(userSearch), userSearch), summary: userSummary },
    description: 'Collection of users.',
  },
  userGroups: {
    record: 'userGroup',
    segment: 'userGroups',
    idParam: 'userGroupId',
    idFormat: 'guid',
    operations: crud,
    list: { ...sortedPaged(['id', 'name'], patterns('id', 'name')), summary: nameSummary },
    description: 'Collection of userGroups.',
  },
  roles: {
    record: 'role',
    segment: 'roles',
    idParam: 'roleId',
    idFormat: 'guid',
    operations: crud,
    list: { ...sortedPaged(['id', 'name'], patterns('id', 'name')), summary: nameSummary },
    description: 'Collection of roles.',
  },
  skills: {
    record: 'skill',
    segment: 'skills',
    idParam: 'skillId',
    idFormat: 'guid',
    operations: crud,
    list: sortedPaged(['id', 'name'], patterns('id', 'name')),
    description: 'Collection of skills.',
  },
  queues: {
    record: 'queue',
    segment: 'queues',
    idParam: 'queueId',
    idFormat: 'guid',
    operations: crud,
    list: sortedPaged(['name', 'description'], {
      name: pattern(),
      description: pattern(),
      address: pattern('addresses'),
    }),
    description: 'Collection of queues.',
  },
  queueGroups: {
    record: 'queueGroup',
    segment: 'queueGroups',
    idParam: 'queueGroupId',
    idFormat: 'guid',
    operations: crud,
    list: sortedPaged(['name'], patterns('name', 'description')),
    description: 'Collection of queueGroups.',
  },
  timeZones: {
    record: 'timeZone',
    segment: 'timeZones',
    idParam: 'timeZoneId',
    idFormat: 'ianaTimeZone',
    operations: readOnlyOps,
    list: sortedPaged(['id', 'name'], patterns('id', 'name')),
    description: 'Collection of timeZones.',
  },
  prsProfiles: {
    record: 'prsProfile',
    segment: 'prsProfiles',
    idParam: 'prsProfileId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: sortedPaged(['id', 'name'], patterns('id', 'name', 'reason')),
    description: 'Collection of prsProfiles (presence profiles).',
  },
  messagingServices: {
    record: 'messagingService',
    segment: 'messagingServices',
    idParam: 'messagingServiceId',
    idFormat: 'guid',
    operations: crud,
    list: sortedPaged(['name'], patterns('id', 'type')),
    description: 'Collection of messagingServices.',
  },
  replyTemplates: {
    record: 'replyTemplate',
    segment: 'replyTemplates',
    idParam: 'replyTemplateId',
    idFormat: 'guid',
    operations: readOnlyOps,
    // No `sort` is documented for reply templates. A keyword value may list several patterns separated
    // by commas (the doc's `keyword=proble*,apple`); any of them matches.
    list: {
      search: {
        keyword: {
          kind: 'pattern',
          field: 'keywords',
          description: 'Keyword patterns, comma-separated: a template matches when one of them does.',
        },
        queueId: {
          kind: 'pattern',
          description: 'Id of a queue the template is used in.',
          refersTo: 'queues',
          from: { kind: 'hidden', reference: 'queueIds' },
        },
        language: pattern(),
        name: pattern(),
      },
      paged: true,
    },
    // The doc searches templates by `queueId`, yet no template property and no operation names their
    // queues: RCI keeps them out of sight.
    hidden: { queueIds: { refersTo: 'queues', description: 'Queues the template is used in.' } },
    description: 'Collection of replyTemplates.',
  },
  customIvrs: {
    record: 'customIvr',
    segment: 'customIvrs',
    idParam: 'customIvrId',
    idFormat: 'guid',
    operations: readOnlyOps,
    // Written out rather than through `sortedPaged`: two parameters search another collection.
    list: {
      search: {
        name: pattern(),
        description: pattern(),
        address: pattern('addresses'),
        active: pattern(),
        attributeName: {
          kind: 'pattern',
          description: 'Name of one of the IVR attributes.',
          from: { kind: 'nested', collection: 'customIvrAttributes', field: 'name' },
        },
        attributeValue: {
          kind: 'pattern',
          description: 'Value of one of the IVR attributes.',
          from: { kind: 'nested', collection: 'customIvrAttributes', field: 'value' },
        },
      },
      sort: { default: ['name'] },
      paged: true,
    },
    description: 'Collection of customIvrs.',
  },
  audioPrompts: {
    record: 'audioPrompt',
    segment: 'audioPrompts',
    idParam: 'audioPromptId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: sortedPaged(['name'], patterns('name', 'description', 'promptType', 'sourceType', 'loopType')),
    description: 'Collection of audioPrompts.',
  },
  cpExtensions: {
    record: 'cpExtension',
    segment: 'cpExtensions',
    idParam: 'cpExtensionId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: sortedPaged(['name'], patterns('name', 'description', 'title', 'url', 'icon', 'hidden')),
    description: 'Collection of cpExtensions (contact panel extensions).',
  },
  disruptionSets: {
    record: 'disruptionSet',
    segment: 'disruptionSets',
    idParam: 'disruptionSetId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: sortedPaged(['name'], patterns('name', 'externalId')),
    description: 'Collection of disruptionSets.',
  },

  // Nested collections, owned by one parent object.
  certificates: {
    record: 'certificate',
    parent: 'users',
    segment: 'certificates',
    idParam: 'certificateId',
    idFormat: 'guid',
    operations: ['list', 'get', 'create', 'delete'],
    list: { search: {}, paged: false },
    description: 'Collection of certificates of a user.',
  },
  userSkills: {
    record: 'userSkill',
    parent: 'users',
    segment: 'skills',
    idParam: 'skillId',
    idFormat: 'guid',
    operations: crud,
    list: { search: {}, paged: false },
    description: 'Collection of skills of a user, each with its value 1-5.',
  },
  extensions: {
    record: 'extension',
    parent: 'queues',
    segment: 'extensions',
    idParam: 'extensionId',
    idFormat: 'guid',
    operations: ['list', 'get', 'create', 'delete'],
    list: { search: {}, paged: false },
    description: 'Collection of extensions of a queue.',
  },
  queueAttributes: attributesOf('queues', 'Collection of attributes of a queue.'),
  queueGroupAttributes: attributesOf('queueGroups', 'Collection of attributes of a queue group.'),
  authentications: {
    record: 'authentication',
    parent: 'messagingServices',
    segment: 'authentications',
    idParam: 'id',
    idFormat: 'guid',
    operations: crud,
    list: { search: {}, paged: false },
    description: 'Collection of authentications of a messaging service.',
  },
  attachments: {
    record: 'attachment',
    parent: 'replyTemplates',
    segment: 'attachments',
    idParam: 'attachmentId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: { search: {}, paged: false },
    description: 'Collection of attachments of a reply template.',
  },
  sourceCodes: {
    record: 'sourceCode',
    parent: 'customIvrs',
    segment: 'sourceCodes',
    idParam: 'sourceCodeId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: {
      search: {},
      paged: false,
      summary: { fields: ['id', 'versionNumber', 'creationDate', 'modificationDate', 'description'] },
    },
    description: 'Collection of source code versions of a custom IVR.',
  },
  customIvrAttributes: attributesOf('customIvrs', 'Collection of attributes of a custom IVR.'),
  events: {
    record: 'event',
    parent: 'disruptionSets',
    segment: 'events',
    idParam: 'eventId',
    idFormat: 'guid',
    operations: crud,
    list: { search: eventFilters, paged: false },
    description: 'Collection of events of a disruption set.',
  },
  items: {
    record: 'item',
    parent: 'disruptionSets',
    segment: 'items',
    idParam: 'itemId',
    idFormat: 'guid',
    operations: readOnlyOps,
    list: {
      search: patterns('externalId', 'name', 'type', 'description', 'promptId', 'promptName', 'promptExternalId'),
      paged: false,
    },
    description: 'Collection of items of a disruption set.',
  },
} as const;

// Every collection checked against its description (after the table, not with `satisfies`, since the
// collection names are derived from the table itself).
const checkedResources: Readonly<Record<ResourceName, CollectionSpec>> = resources;

/** One side of a membership: the list of `member` objects under an `owner` object. */
export interface MembershipSide {
  owner: ResourceName;
  segment: string;
  member: ResourceName;
  /** Name of the member's id parameter in the documentation. */
  memberIdParam: string;
  list: ListSpec;
}

/**
 * A many-to-many relation that RCI offers from both sides, e.g. `/users/{u}/roles` and `/roles/{r}/users`.
 * Both sides show one relation: adding on one side is visible on the other.
 */
export interface MembershipSpec {
  a: MembershipSide;
  b: MembershipSide;
  description: string;
}

// The member lists of users under a group or role answer user summaries "+ all fields used in query
// parameter", as `GET /users` does, so they take the users' searchable fields (no paging is documented).
const userMemberList: ListSpec = { search: userSearch, paged: false, summary: userSummary };
// The other sides' lists answer `{id, name}` summaries and take no parameters.
const namedMemberList: ListSpec = { search: {}, paged: false, summary: nameSummary };

export const memberships = {
  userRoles: {
    a: { owner: 'users', segment: 'roles', member: 'roles', memberIdParam: 'roleId', list: namedMemberList },
    b: { owner: 'roles', segment: 'users', member: 'users', memberIdParam: 'userId', list: userMemberList },
    description: 'Roles a user has.',
  },
  userGroupMembers: {
    a: {
      owner: 'users',
      segment: 'userGroups',
      member: 'userGroups',
      memberIdParam: 'userGroupId',
      list: namedMemberList,
    },
    b: { owner: 'userGroups', segment: 'users', member: 'users', memberIdParam: 'userId', list: userMemberList },
    description: 'User groups a user belongs to.',
  },
  queueGroupMembers: {
    a: {
      owner: 'queues',
      segment: 'queueGroups',
      member: 'queueGroups',
      memberIdParam: 'queueGroupId',
      list: namedMemberList,
    },
    b: {
      owner: 'queueGroups',
      segment: 'queues',
      member: 'queues',
      memberIdParam: 'queueId',
      list: { ...sortedPaged(['name'], patterns('name')), summary: nameSummary },
    },
    description: 'Queue groups a queue belongs to.',
  },
} as const satisfies Record<string, MembershipSpec>;

export type MembershipName = keyof typeof memberships;

/** By character code: 1 for a digit or an uppercase hex letter, 2 for a lowercase one, 0 for any other. */
const HEX_DIGITS = new Uint8Array(128);
for (const digit of '0123456789ABCDEF') HEX_DIGITS[digit.charCodeAt(0)] = 1;
for (const digit of 'abcdef') HEX_DIGITS[digit.charCodeAt(0)] = 2;
const DASHED_GUID_PATTERN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
/** IANA zone names: `Area/Location[/Sub]`, or a single word such as `UTC`. No dots, no empty segments. */
const IANA_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$/;

/**
 * The canonical form of an id, or `null` when the value is not a valid id of that format.
 * GUIDs are answered by RCI as 32 uppercase hex characters; the dashed form is read as the same GUID
 * (the doc shows a dashed id posted and the undashed one answered).
 */
export function canonicalId(format: IdFormat, value: string): string | null {
  if (format === 'guid') {
    if (value.length === 32) return canonicalGuid(value);
    if (DASHED_GUID_PATTERN.test(value)) return value.replaceAll('-', '').toUpperCase();
    return null;
  }
  return value.length <= 64 && IANA_PATTERN.test(value) ? value : null;
}

/**
 * A GUID of 32 hex digits in its canonical (uppercase) form, or `null`. Checked digit by digit rather than
 * by a regular expression: every id of every RCI answer is checked, thousands per cold page, and this
 * takes about half the time; one already uppercase is answered as it is.
 */
function canonicalGuid(value: string): string | null {
  let lowercase = false;
  for (let i = 0; i < value.length; i++) {
    const kind = HEX_DIGITS[value.charCodeAt(i)];
    if (!kind) return null;
    if (kind === 2) lowercase = true;
  }
  return lowercase ? value.toUpperCase() : value;
}

export interface OperationDescriptor {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The documented path template, e.g. `/users/{userId}/roles/{roleId}`. */
  path: string;
}

function collectionPath(c: CollectionSpec): string {
  if (!c.parent) return `/${c.segment}`;
  const parent: CollectionSpec = resources[c.parent];
  return `/${parent.segment}/{${parent.idParam}}/${c.segment}`;
}

/** Every documented operation, derived from the catalogue (109 of them). */
export function allOperations(): OperationDescriptor[] {
  const ops: OperationDescriptor[] = [];
  const collectionOps: Record<Operation, [OperationDescriptor['method'], boolean]> = {
    list: ['GET', false],
    create: ['POST', false],
    get: ['GET', true],
    update: ['PUT', true],
    delete: ['DELETE', true],
  };
  for (const c of Object.values(resources) as CollectionSpec[]) {
    const base = collectionPath(c);
    for (const op of c.operations) {
      const [method, byId] = collectionOps[op];
      ops.push({ method, path: byId ? `${base}/{${c.idParam}}` : base });
    }
  }
  // The one singleton: the current source code version of a custom IVR.
  ops.push({ method: 'GET', path: '/customIvrs/{customIvrId}/currentSourceCodeVersion' });
  for (const m of Object.values(memberships) as MembershipSpec[]) {
    for (const side of [m.a, m.b]) {
      const owner: CollectionSpec = resources[side.owner];
      const base = `/${owner.segment}/{${owner.idParam}}/${side.segment}`;
      ops.push({ method: 'GET', path: base }, { method: 'POST', path: base });
      ops.push({ method: 'GET', path: `${base}/{${side.memberIdParam}}` });
      ops.push({ method: 'DELETE', path: `${base}/{${side.memberIdParam}}` });
    }
  }
  return ops;
}

/** The canonical spelling of a one-of value read case-insensitively, or `null` when it is not one of them. */
export function canonicalEnumValue(values: readonly string[], value: string): string | null {
  const lower = value.toLowerCase();
  return values.find((v) => v.toLowerCase() === lower) ?? null;
}

/** Whether a string names a collection of the catalogue. */
export function isResourceName(name: string): name is ResourceName {
  return name in resources;
}

/** Whether a string names a membership of the catalogue. */
export function isMembershipName(name: string): name is MembershipName {
  return name in memberships;
}

/** Every collection's name, in the catalogue's order. */
export const resourceNames: readonly ResourceName[] = Object.keys(resources).filter(isResourceName);

/** Every membership's name, in the catalogue's order. */
export const membershipNames: readonly MembershipName[] = Object.keys(memberships).filter(isMembershipName);

/** A collection's description with its general type (the `as const` table narrows too much for generic code). */
export function collectionSpec(name: ResourceName): CollectionSpec {
  return checkedResources[name];
}

/** A record's description with its general type. */
export function recordSpec(name: RecordName): RecordSpec {
  return checkedRecords[name];
}

/** The type name of a collection's objects (`users` → `User`). */
export function typeNameOf(name: ResourceName): string {
  return recordSpec(collectionSpec(name).record).typeName;
}
