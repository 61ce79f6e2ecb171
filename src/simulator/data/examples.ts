/**
 * Every example object of the RCI documentation, with the documentation's ids and values, wired into
 * one consistent world. Where the examples contradict each other or leave a gap, the choice made here
 * is listed in the README ("Decisions about the documentation's contradictions"); the comments below
 * point at the same choices.
 */
import type { MembershipName, ResourceName } from '../../rci/resources.js';
import type { Entity, Side, Store } from '../store.js';

/** Ids the tests and the README refer to. */
export const ids = {
  johnFox: 'E936C474B22311D38FBE0090279A922E',
  davidDuck: '40ECCFBFAEA24FEDA90A3347E9BC26E7',
  peterFrog: 'DC76CDDC340B43C291932428B6039AA6',
  helpDeskGroup: '7B9ED6753BCD460C98501E9FD1C02002',
  itGroup: '7211703C1CF047D9AA1B6FD5B2B35640',
  partnerSupportGroup: 'FDA4CD5052144FFBB3794EC7ADF7EFD5',
  /** Posted by the doc's `POST /users/{userId}/userGroups` example but listed nowhere: added as "Sales". */
  salesGroup: 'A9934415A02845B69389008CF1F27EAB',
  ccAgentRole: '2CADB6A137124F13BC68938E2B5FEFC1',
  ccSupervisorRole: 'F4E0E3C6AEC64BEA9200DCC05F5980F1',
  officeUserRole: 'C2ED670838344EC4B6F0E620D3206B8D',
  english: '175A098FEDDB41EB8839AACBAB26A0B6',
  deutsch: '9B87EDA47F394762A510811F368A0ABA',
  finnish: 'ABFF5E5BC1E44E90877C55570D06E8A7',
  certificateJohnFox: '5D3A260F9F1D4BBFA5A3ADACFFE6C97B',
  certificateI123456: '6BEDFB8244494A698164CE0C2594C6FF',
  salesQueue: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
  helpdeskQueue: '409FBE1B217643089F291B8796174643',
  salesChatQueue: 'AA60293EB8AD49959C5B67A2B0A1DC84',
  salesEmailQueue: '7B2EB5F5DF62439690CF6D180A2009C8',
  extension101: 'A8F2AC742E914654B9AB5F420406B828',
  extension102: 'CB5AF61A7E2C4E728C62069A85EB73BA',
  extension100: '4CF53730E100007567FBA826B93CF5AA',
  ccAgentQueueGroup: '2CADB6A137124F13BC68938E2B5FEFC1',
  ccHelpdeskQueueGroup: 'E8E5E74E1CB540458639310940C07BA5',
  ccSupportQueueGroup: 'BE5F74207C51437CB1B749E608DEB30F',
  facebookService: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
  twilioService: 'B8F0CA9CFC0411D3A2230050DA29E0F5',
  facebookAuthentication: 'AF8D906F2EDE40FC889303B52D26DA25',
  template2: '000BC39C7CC04554A95062CF4C6BBE06',
  template: '611D51A367C54C2F8D30C032B48D847E',
  picturePng: 'D147D4339D1448158153B61D1F621AF9',
  picture2Jpg: '3D612DF2E3694A56A9253365CA8EEEFE',
  /** The third attachment of `template` (its attachmentCount is 3; the doc lists two). */
  manualPdf: 'D24564DE1548D4BBF6E110C69E000AB5',
  menuIvr: 'A5AF21AB416849BBA6FDBE92E5C15B69',
  callbackIvr: 'CA7F01B89F9D4640945DFBDF4142729D',
  menuIvrSourceV1: 'C907169011AA48D8A6EE8F8F12423372',
  menuIvrSourceV2: 'BA78FF64DCEC40B885AF6D2C337D7C5D',
  callbackIvrSource: '58DF7291C3B841C8A3B2A5D8282895D8',
  welcomePrompt: 'F0EDAAE15EAB4167A84DD0CC69680A4F',
  inQueuePrompt: 'EFF0CF25BC374F2982225C83BB21B3F3',
  onHoldPrompt: '3A1C8A257DFD4F0781F55FA1BA188F97',
  myExtension: '657160EEDE6943348257075871732C5E',
  myExtension2: '94C89D627D0340A2807B18D8B9C4CD90',
  myExtension3: 'CDEFCDBFDFE547EBA03DE7097BAF0672',
  electricity: '14E14D7338C44EA5904A1E18180186FF',
  water: '57EA87659FF147948D5554B682F8201E',
  itemHelsinki1: 'F487CFD95D18402B941900247F12FD46',
  itemService: '145D6121895A491DB60F03AE610248E7',
  itemWhy05: '4207972208924A96816382C5E1BFD686',
  itemWhere00100: '8207972208924A96816382C5E18FD686',
  itemWhen14: '6207972208924A97816382C5E1BFD686',
  itemWhere90100: '921AF17CDD09411D91700F0B32F6C8A2',
  itemWhen1400: '61809A9F49004C4399932A372ABF7692',
  /** The second event example gives item 8207… the externalId 00200: that is another item. */
  itemWhere00200: 'EEF0636FBB363B70DCD9845BFCB96575',
  /** The second event example gives item 6207… the externalId 19: that is another item. */
  itemWhen19: 'FB8840B2279E6CDCCF0FEA5B70EBBC7A',
  event: 'C21269BEA18B4146A219202DD8966FFA',
  /** The doc shows two different events with the id C21269BE…6FFA; the second one gets this id. */
  secondEvent: 'C21269BEA18B4146A219202DD8966FFB',
} as const;

const user = (id: string, values: Omit<Entity, 'id'>): Entity => ({ id, ...values });

const users: Entity[] = [
  user(ids.johnFox, {
    firstName: 'John',
    surname: 'Fox',
    login: 'John.Fox',
    externalId: 'JohnFox11223344',
    phone: '123456',
    chat: 'John.Fox@customer.com',
    chatName: 'John',
    email: 'John.Fox@customer.com',
    uiLanguage: 'EN',
    promptLanguage: 'EN',
    timeZone: 'Europe/Helsinki',
    synchronised: true,
  }),
  // The doc shows David Duck and Peter Frog only as list summaries; their other properties are made up.
  user(ids.davidDuck, {
    firstName: 'David',
    surname: 'Duck',
    login: 'David.Duck',
    externalId: 'DavidDuck55667788',
    phone: '234567',
    chat: 'David.Duck@customer.com',
    chatName: 'David',
    email: 'David.Duck@customer.com',
    uiLanguage: 'EN',
    promptLanguage: 'EN',
    timeZone: 'Europe/London',
    synchronised: true,
  }),
  user(ids.peterFrog, {
    firstName: 'Peter',
    surname: 'Frog',
    login: 'Peter.Frog',
    externalId: 'PeterFrog99001122',
    phone: '345678',
    chat: 'Peter.Frog@customer.com',
    chatName: 'Peter',
    email: 'Peter.Frog@customer.com',
    uiLanguage: 'FI',
    promptLanguage: 'FI',
    timeZone: 'America/New_York',
    synchronised: false,
  }),
];

const userGroups: Entity[] = [
  { id: ids.helpDeskGroup, name: 'HelpDesk', synchronised: true },
  { id: ids.itGroup, name: 'IT', synchronised: true },
  { id: ids.partnerSupportGroup, name: 'Partner Support', synchronised: false },
  { id: ids.salesGroup, name: 'Sales', synchronised: false },
];

const roles: Entity[] = [
  { id: ids.ccAgentRole, name: 'CC Agent', description: 'CC Agent Role' },
  { id: ids.ccSupervisorRole, name: 'CC Supervisor', description: 'CC Supervisor Role' },
  { id: ids.officeUserRole, name: 'Office User', description: 'Office User Role' },
];

const skills: Entity[] = [
  { id: ids.english, name: 'English', description: 'English language skill' },
  { id: ids.deutsch, name: 'Deutsch', description: 'German Language skill' },
  { id: ids.finnish, name: 'Finnish Language', description: 'Finnish language skill' },
];

const queues: Entity[] = [
  {
    id: ids.salesQueue,
    type: 'Phone',
    name: 'Sales',
    description: 'Sales phone',
    loginType: 'AutoAllocation',
    addresses: ['100'],
    synchronised: true,
  },
  {
    id: ids.helpdeskQueue,
    type: 'Phone',
    name: 'Helpdesk',
    description: 'Helpdesk phone',
    loginType: 'HuntGroup',
    addresses: ['101', '102'],
    synchronised: true,
  },
  {
    id: ids.salesChatQueue,
    type: 'Chat',
    name: 'Sales chat',
    description: 'Sales chat',
    loginType: 'AutoAllocation',
    addresses: ['rci.chat@company.com'],
    synchronised: true,
  },
  {
    id: ids.salesEmailQueue,
    type: 'Email',
    name: 'Sales Email',
    description: 'Sales Email',
    loginType: 'AutoAllocation',
    addresses: ['rci.email@company.com'],
    synchronised: true,
  },
];

const queueGroups: Entity[] = [
  // Listed with the dashed id 2CADB6A1-3712-…; stored and answered undashed, as the by-id example shows.
  { id: ids.ccAgentQueueGroup, name: 'CC Agent', description: 'CC Agent queue group' },
  { id: ids.ccHelpdeskQueueGroup, name: 'CC Helpdesk', description: 'CC Helpdesk queue group' },
  { id: ids.ccSupportQueueGroup, name: 'CC Support', description: 'CC Support queue group' },
];

const timeZones: Entity[] = [
  { id: 'America/New_York', name: '(UTC-05:00) Eastern Time (US & Canada)' },
  { id: 'Asia/Singapore', name: '(UTC+08:00) Kuala Lumpur, Singapore Singapore' },
  { id: 'Europe/Helsinki', name: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius' },
  { id: 'Europe/London', name: '(UTC) Dublin, Edinburgh, Lisbon, London Europe/Belfast,GB,GB-Eire' },
];

const prsProfiles: Entity[] = [
  { id: '02770429F80BDF1191AD001CC4D98816', name: 'Default', reason: 'NONE' },
  { id: '04770429F80BDF1191AD001CC4D98816', name: 'Lunch', reason: 'NONE' },
  { id: '12684EA701114105A1D73F532AB80C28', name: 'Vacation', reason: 'VACATION' },
  { id: '2EA19675EA7DDF11B644463500000031', name: 'Meeting / Deny calls (Def: 1 hour)', reason: 'MEETING' },
];

const messagingServices: Entity[] = [
  { id: ids.facebookService, type: 'facebook', name: 'Facebook connection', connection: 'https://serviceaddress/' },
  { id: ids.twilioService, type: 'twilio', name: 'Twilio SMS', connection: 'https://serviceaddress2/' },
];

const replyTemplates: Entity[] = [
  {
    id: ids.template2,
    body: 'Hello {CUSTOMERNAME}\n\nThank you for your message',
    description: 'this is a template',
    language: 'EN',
    name: 'template2',
    contentType: 'Static',
    keywords: ['issue', 'problem', 'washing', 'machine'],
    // Hidden: the queues the template is used in, for `GET /replyTemplates?queueId=`.
    queueIds: [ids.helpdeskQueue, ids.salesEmailQueue],
  },
  {
    id: ids.template,
    body: 'hello',
    description: 'jep',
    language: 'EN',
    name: 'template',
    contentType: 'Interactive',
    keywords: ['instructions', 'info', 'installation', 'tv', 'television'],
    queueIds: [ids.salesQueue, ids.helpdeskQueue, ids.salesChatQueue],
  },
];

const customIvrs: Entity[] = [
  {
    id: ids.menuIvr,
    addresses: ['243', '234'],
    name: 'My Menu Ivr',
    description: 'Queue selection IVR',
    currentSourceCodeVersionId: ids.menuIvrSourceV2,
    active: true,
  },
  {
    id: ids.callbackIvr,
    addresses: ['400'],
    name: 'Callback IVR',
    description: 'IVR to leave callbacks',
    currentSourceCodeVersionId: ids.callbackIvrSource,
    active: false,
  },
];

const vxml = (prompt: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><vxml xmlns:bcm="http://bcm.sinch.com" version="2.1"><form id="form1"><block name="blco1"><audio src="${prompt}" xml:lang="IT"/></block></form></vxml>`;

const audioPrompts: Entity[] = [
  {
    id: ids.welcomePrompt,
    name: 'Welcome (Built-In Default Prompt)',
    description: 'Welcome message (built-in default audio prompt)',
    promptType: 'Welcome',
    sourceType: 'QueueBuiltIn',
    loopType: 'ALL',
  },
  {
    id: ids.inQueuePrompt,
    name: 'InQueue (Built-In Default Prompt)',
    description: 'In queue message (the built-in default audio prompt)',
    promptType: 'InQueue',
    sourceType: 'QueueBuiltIn',
    loopType: 'RANDOM',
  },
  {
    id: ids.onHoldPrompt,
    name: 'OnHold (Built-In Default Prompt)',
    description: 'Music played when customer is on-hold (built-in default audio prompt)',
    promptType: 'OnHold',
    sourceType: 'QueueBuiltIn',
    loopType: 'ALL',
  },
];

// The by-id example for 94C89D62… mixes the first list entry's title, url and queues with this id; the
// list entry is taken as the object. `name`/`description` ("added by the system") are absent in the doc.
const cpExtensions: Entity[] = [
  {
    id: ids.myExtension,
    title: 'MyExtension',
    hidden: false,
    url: 'https://example.com/frame.html',
    icon: 'sap-icon://business-card',
    queues: [ids.salesQueue],
  },
  {
    id: ids.myExtension2,
    title: 'MyExtension2',
    hidden: false,
    url: 'https://example.com/frame2.html',
    icon: 'sap-icon://travel-request',
    queues: [ids.salesQueue, ids.helpdeskQueue, ids.salesEmailQueue],
  },
  {
    id: ids.myExtension3,
    title: 'MyExtension3',
    hidden: true,
    url: 'https://example.com/frame3.html',
    icon: 'sap-icon://study-leave',
    queues: [ids.salesQueue, ids.helpdeskQueue],
  },
];

const disruptionSets: Entity[] = [
  { id: ids.electricity, name: 'electricity', externalId: 'set1' },
  { id: ids.water, name: 'water', externalId: 'set2' },
];

const attribute = (id: string, name: string, language: string, value: string): Entity => ({
  id,
  name,
  language,
  value,
});

/** Objects of nested collections, by collection and parent id. */
const nested: [ResourceName, string, Entity[]][] = [
  [
    'certificates',
    ids.johnFox,
    [
      { id: ids.certificateJohnFox, issuer: 'SSO_CA', subject: 'john.fox' },
      { id: ids.certificateI123456, issuer: 'SSO_CA', subject: 'i123456' },
    ],
  ],
  // The doc's skill list (values 5, 4, 3) is John Fox's; its POST example (Finnish, value 2) works on David Duck.
  [
    'userSkills',
    ids.johnFox,
    [
      { id: ids.english, value: 5 },
      { id: ids.deutsch, value: 4 },
      { id: ids.finnish, value: 3 },
    ],
  ],
  ['userSkills', ids.davidDuck, [{ id: ids.english, value: 4 }]],
  [
    'userSkills',
    ids.peterFrog,
    [
      { id: ids.english, value: 3 },
      { id: ids.deutsch, value: 2 },
    ],
  ],
  // The examples show extensions as {id, address}; `name` is the documented property, so the address is its name.
  // The doc's two extensions match the Helpdesk queue's addresses; Sales gets one for its address too.
  ['extensions', ids.salesQueue, [{ id: ids.extension100, name: '100' }]],
  [
    'extensions',
    ids.helpdeskQueue,
    [
      { id: ids.extension101, name: '101' },
      { id: ids.extension102, name: '102' },
    ],
  ],
  [
    'queueAttributes',
    ids.salesQueue,
    [
      attribute('7397D2A7708341BCE296D3175D55046F', 'Name', 'EN', 'Sales'),
      attribute('013E59832522C5CC07C03B6D6CEBAD5B', 'Name', 'FI', 'Myynti'),
    ],
  ],
  [
    'queueGroupAttributes',
    ids.ccAgentQueueGroup,
    [
      attribute('704B1765022252C6DA6140164CFF5A7F', 'Name', 'EN', 'Sales'),
      attribute('0903778E75B95DF67DAFC07E9A1C1019', 'Name', 'FI', 'Myynti'),
    ],
  ],
  [
    'customIvrAttributes',
    ids.menuIvr,
    [
      attribute('7047B5CBDC048325451EB66F0323BBC1', 'Name', 'EN', 'Sales'),
      attribute('FC1FDF268B63E12448547B30D9BC73D8', 'Name', 'FI', 'Myynti'),
    ],
  ],
  [
    'authentications',
    ids.facebookService,
    [{ id: ids.facebookAuthentication, authenticationId: 'my_login_id', password: 'zzzxxxx' }],
  ],
  // The attachment list example (two files) belongs to `template`, whose attachmentCount is 3.
  [
    'attachments',
    ids.template,
    [
      { id: ids.picturePng, size: 35917, fileName: 'picture.PNG', mimeType: 'image/png' },
      { id: ids.picture2Jpg, size: 56698, fileName: 'picture2.jpg', mimeType: 'image/jpeg' },
      { id: ids.manualPdf, size: 120413, fileName: 'manual.pdf', mimeType: 'application/pdf' },
    ],
  ],
  // The IVR names BA78FF64… as its current version; the doc's source code example C9071690… is version 1.
  [
    'sourceCodes',
    ids.menuIvr,
    [
      {
        id: ids.menuIvrSourceV1,
        versionNumber: 1,
        creationDate: '2020-01-21T13:10:33.293Z',
        modificationDate: '2020-01-21T13:10:47.493Z',
        description: '',
        sourceCode: vxml('42079722-0892-4A96-8163-82C5E1BFD686'),
      },
      {
        id: ids.menuIvrSourceV2,
        versionNumber: 2,
        creationDate: '2020-02-03T09:15:00.000Z',
        modificationDate: '2020-02-03T09:20:12.000Z',
        description: 'Menu with queue selection',
        sourceCode: vxml(ids.welcomePrompt),
      },
    ],
  ],
  [
    'sourceCodes',
    ids.callbackIvr,
    [
      {
        id: ids.callbackIvrSource,
        versionNumber: 1,
        creationDate: '2020-03-10T08:00:00.000Z',
        description: 'Callback request',
        sourceCode: vxml(ids.inQueuePrompt),
      },
    ],
  ],
  [
    'items',
    ids.electricity,
    [
      {
        id: ids.itemHelsinki1,
        attributes: [
          { language: 'EN', name: 'SayAsDatatype', value: 'digits' },
          { language: 'EN', name: 'SayAsValue', value: '00100' },
        ],
        description: 'Helsinki1',
        type: 'WHERE',
        externalId: '1.00.100',
        name: '00100',
      },
      {
        id: ids.itemService,
        description: 'Service break',
        type: 'WHY',
        externalId: '55',
        promptExternalId: 'WHY_55',
        promptId: 'C732A0C65336490B8D190F43E1B878F4',
        promptName: 'WHY_12',
        name: 'Service',
      },
      // Items the event examples refer to but the item examples do not define.
      { id: ids.itemWhy05, externalId: '05', type: 'WHY', name: 'Cable damage', description: 'Damaged power cable' },
      {
        id: ids.itemWhere00100,
        externalId: '00100',
        type: 'WHERE',
        name: 'Helsinki 00100',
        description: 'Helsinki centre',
      },
      { id: ids.itemWhen14, externalId: '14', type: 'WHEN', name: '14:00', description: 'Fixed by 2 pm' },
      { id: ids.itemWhere90100, externalId: '90100', type: 'WHERE', name: 'Oulu 90100', description: 'Oulu centre' },
      {
        id: ids.itemWhen1400,
        externalId: '1400',
        type: 'WHEN',
        name: '14:00 tomorrow',
        description: 'Fixed by 2 pm tomorrow',
      },
      {
        id: ids.itemWhere00200,
        externalId: '00200',
        type: 'WHERE',
        name: 'Helsinki 00200',
        description: 'Lauttasaari',
      },
      { id: ids.itemWhen19, externalId: '19', type: 'WHEN', name: '19:00', description: 'Fixed by 7 pm' },
    ],
  ],
  [
    'events',
    ids.electricity,
    [
      {
        id: ids.event,
        modified: '2020-12-29T12:01:00.000Z',
        created: '2020-12-29T12:01:00.000Z',
        items: [ids.itemWhy05, ids.itemWhere00100, ids.itemWhen14],
      },
      {
        id: ids.secondEvent,
        modified: '2020-12-28T12:01:00.000Z',
        created: '2020-12-28T12:01:00.000Z',
        activeFrom: '2021-01-06T13:29:34.580Z',
        activeTo: '2021-01-08T13:29:34.580Z',
        items: [ids.itemWhy05, ids.itemWhere00200, ids.itemWhen19],
      },
    ],
  ],
];

/**
 * Memberships, as [membership, side, owner, members]. The lists the doc shows are John Fox's roles and
 * groups, the users of the CC Agent role and of the HelpDesk group, the queue groups of the Sales queue
 * and the queues of the CC Agent queue group.
 */
const links: [MembershipName, Side, string, string[]][] = [
  ['userRoles', 'a', ids.johnFox, [ids.ccAgentRole, ids.ccSupervisorRole, ids.officeUserRole]],
  ['userRoles', 'a', ids.davidDuck, [ids.ccAgentRole]],
  ['userRoles', 'a', ids.peterFrog, [ids.ccAgentRole]],
  ['userGroupMembers', 'a', ids.johnFox, [ids.helpDeskGroup, ids.itGroup, ids.partnerSupportGroup]],
  ['userGroupMembers', 'a', ids.davidDuck, [ids.helpDeskGroup]],
  ['userGroupMembers', 'a', ids.peterFrog, [ids.helpDeskGroup]],
  [
    'queueGroupMembers',
    'a',
    ids.salesQueue,
    [ids.ccAgentQueueGroup, ids.ccHelpdeskQueueGroup, ids.ccSupportQueueGroup],
  ],
  ['queueGroupMembers', 'a', ids.helpdeskQueue, [ids.ccAgentQueueGroup, ids.ccHelpdeskQueueGroup]],
  ['queueGroupMembers', 'a', ids.salesChatQueue, [ids.ccAgentQueueGroup]],
  ['queueGroupMembers', 'a', ids.salesEmailQueue, [ids.ccAgentQueueGroup]],
];

const roots: [ResourceName, Entity[]][] = [
  ['timeZones', timeZones],
  ['users', users],
  ['userGroups', userGroups],
  ['roles', roles],
  ['skills', skills],
  ['queues', queues],
  ['queueGroups', queueGroups],
  ['prsProfiles', prsProfiles],
  ['messagingServices', messagingServices],
  ['replyTemplates', replyTemplates],
  ['customIvrs', customIvrs],
  ['audioPrompts', audioPrompts],
  ['cpExtensions', cpExtensions],
  ['disruptionSets', disruptionSets],
];

export function loadExamples(store: Store): void {
  // Copies, so that changes made through the API never reach these tables and reset() starts clean.
  const copy = (e: Entity): Entity => structuredClone(e);
  for (const [collection, objects] of roots) for (const e of objects) store.put(collection, copy(e));
  for (const [collection, parentId, objects] of nested)
    for (const e of objects) store.put(collection, copy(e), parentId);
  for (const [membership, side, owner, members] of links)
    for (const m of members) store.link(membership, side, owner, m);
}
