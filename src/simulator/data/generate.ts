/**
 * A large, consistent data set drawn from a fixed seed, added on top of the documentation's examples for
 * benchmarks and paging tests. The same scale and seed always give the same objects with the same ids.
 * Generated objects relate to each other and to the examples (generated users get the example roles too).
 */
import type { MembershipName, ResourceName } from '../../rci/resources.js';
import type { Random } from '../random.js';
import type { Entity, Side, Store } from '../store.js';

/** How many objects of each kind `scale` asks for (the README's table). */
export function generatedCounts(scale: number) {
  const per = (n: number): number => (scale > 0 ? Math.ceil(scale / n) : 0);
  return {
    users: 5 * scale,
    userGroups: per(10),
    roles: per(50),
    skills: per(20),
    queues: per(2),
    queueGroups: per(20),
    prsProfiles: per(100),
    messagingServices: per(100),
    replyTemplates: per(5),
    customIvrs: per(50),
    audioPrompts: per(20),
    cpExtensions: per(50),
    disruptionSets: per(100),
    itemsPerSet: 60,
    eventsPerSet: 100,
  };
}

const FIRST_NAMES = [
  'Aino',
  'Anna',
  'Ben',
  'Carla',
  'Chen',
  'Daniel',
  'Eero',
  'Elena',
  'Fatima',
  'Felix',
  'Greta',
  'Hannah',
  'Ilkka',
  'Isabel',
  'Jonas',
  'Julia',
  'Kai',
  'Laura',
  'Liam',
  'Maria',
  'Mika',
  'Noah',
  'Olga',
  'Omar',
  'Paula',
  'Pekka',
  'Quentin',
  'Rosa',
  'Sami',
  'Sofia',
  'Tuomas',
  'Ursula',
  'Valtteri',
  'Wei',
  'Xavier',
  'Yuki',
  'Zoe',
  'Äijä',
  'Örjan',
  'Émile',
];
const SURNAMES = [
  'Andersson',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Heikkinen',
  'Ivanova',
  'Jensen',
  'Korhonen',
  'Laine',
  'Müller',
  'Nieminen',
  'Öberg',
  'Peltonen',
  'Quist',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Umarov',
  'Virtanen',
  'Wagner',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Ahonen',
  'Bergström',
  'Çelik',
  'Šimek',
];
const TOPICS = [
  'Sales',
  'Support',
  'Billing',
  'Returns',
  'Onboarding',
  'Claims',
  'Orders',
  'Technical',
  'Accounts',
  'Partners',
];
const LANGUAGES = ['EN', 'FI', 'DE', 'SV', 'FR'];
const TIME_ZONES = ['Europe/Helsinki', 'Europe/London', 'America/New_York', 'Asia/Singapore'];
const KEYWORDS = [
  'invoice',
  'refund',
  'delivery',
  'password',
  'login',
  'warranty',
  'installation',
  'problem',
  'apple',
  'tv',
  'contract',
  'address',
  'payment',
  'upgrade',
  'cancel',
];
const PROMPT_TYPES = ['Welcome', 'InQueue', 'OnHold', 'ServiceClosed', 'QueueFull', 'IVRPrompt', 'PreWelcome'];
const MIME_TYPES: [string, string][] = [
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['pdf', 'application/pdf'],
];
const ITEM_TYPES = ['WHY', 'WHERE', 'WHEN'] as const;
/** Generated timestamps count from here, so they do not depend on when the data is generated. */
const EPOCH = Date.parse('2024-01-01T00:00:00.000Z');
const DAY = 86_400_000;

const vxml = (promptId: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><vxml version="2.1"><form><block><audio src="${promptId}"/></block></form></vxml>`;

export function generate(store: Store, scale: number, random: Random): void {
  const counts = generatedCounts(scale);
  if (scale <= 0) return;
  const used = new Set<string>();
  const newId = (): string => {
    let id: string;
    do id = random.hexId();
    while (used.has(id));
    used.add(id);
    return id;
  };
  const ids = (collection: ResourceName): string[] => store.list(collection).map((e) => e.id);
  for (const collection of ['users', 'userGroups', 'roles', 'skills', 'queues', 'queueGroups'] as const) {
    for (const id of ids(collection)) used.add(id);
  }
  const link = (membership: MembershipName, side: Side, owner: string, members: string[]): void => {
    for (const m of members) store.link(membership, side, owner, m);
  };
  /** Puts `count` new root objects made by `make` into `collection`. */
  const fill = (collection: ResourceName, count: number, make: (i: number, id: string) => Omit<Entity, 'id'>): void => {
    for (let i = 1; i <= count; i++) {
      const id = newId();
      store.put(collection, { ...make(i, id), id });
    }
  };

  fill('userGroups', counts.userGroups, (i) => ({
    name: `${random.pick(TOPICS)} team ${i}`,
    synchronised: random.next() < 0.5,
  }));
  fill('roles', counts.roles, (i) => ({ name: `Role ${i}`, description: `Generated role ${i}` }));
  fill('skills', counts.skills, (i) => {
    const topic = random.pick(TOPICS);
    return { name: `${topic} ${i}`, description: `${topic} skill ${i}` };
  });
  fill('queueGroups', counts.queueGroups, (i) => ({
    name: `${random.pick(TOPICS)} queues ${i}`,
    description: `Generated queue group ${i}`,
  }));
  const groupIds = ids('userGroups');
  const roleIds = ids('roles');
  const skillIds = ids('skills');
  const queueGroupIds = ids('queueGroups');

  for (let i = 1; i <= counts.users; i++) {
    const firstName = random.pick(FIRST_NAMES);
    const surname = random.pick(SURNAMES);
    const login = `${firstName}.${surname}.${i}`;
    const user: Entity = {
      id: newId(),
      firstName,
      surname,
      login,
      externalId: `EXT${String(i).padStart(7, '0')}`,
      phone: `+358 40 ${String(1_000_000 + i).slice(1)}`,
      chat: `${login}@chat.example.com`,
      chatName: firstName,
      email: `${login}@example.com`,
      uiLanguage: random.pick(LANGUAGES),
      promptLanguage: random.pick(LANGUAGES),
      timeZone: random.pick(TIME_ZONES),
      synchronised: random.next() < 0.3,
    };
    // Every field is optional in RCI beyond the names; leave some out so missing values occur.
    if (random.next() < 0.1) delete user.externalId;
    if (random.next() < 0.1) delete user.phone;
    store.put('users', user);
    link('userRoles', 'a', user.id, random.sample(roleIds, random.int(1, 3)));
    link('userGroupMembers', 'a', user.id, random.sample(groupIds, random.int(1, 3)));
    for (const skill of random.sample(skillIds, random.int(1, 4))) {
      store.put('userSkills', { id: skill, value: random.int(1, 5) }, user.id);
    }
    if (random.next() < 0.3) {
      store.put('certificates', { id: newId(), subject: login.toLowerCase(), issuer: 'SSO_CA' }, user.id);
    }
  }

  for (let i = 1; i <= counts.queues; i++) {
    const type = random.pick(['Phone', 'Chat', 'Email'] as const);
    const topic = random.pick(TOPICS);
    const address = (n: number): string =>
      type === 'Phone'
        ? String(2000 + i * 2 + n)
        : `${topic.toLowerCase()}.${i}.${n}@${type.toLowerCase()}.example.com`;
    const queue: Entity = {
      id: newId(),
      type,
      name: `${topic} ${type.toLowerCase()} ${i}`,
      description: `${topic} ${type.toLowerCase()} queue ${i}`,
      loginType: random.next() < 0.7 ? 'AutoAllocation' : 'HuntGroup',
      addresses: Array.from({ length: random.int(1, 2) }, (_, n) => address(n)),
      synchronised: random.next() < 0.5,
    };
    store.put('queues', queue);
    for (const [n, a] of (queue.addresses as string[]).entries()) {
      store.put('extensions', { id: newId(), name: a, language: random.pick(LANGUAGES), priority: n + 1 }, queue.id);
    }
    store.put('queueAttributes', { id: newId(), name: 'Name', language: 'EN', value: `${topic} ${i}` }, queue.id);
    store.put('queueAttributes', { id: newId(), name: 'Name', language: 'FI', value: `${topic} ${i} (fi)` }, queue.id);
    link('queueGroupMembers', 'a', queue.id, random.sample(queueGroupIds, random.int(1, 2)));
  }
  const queueIds = ids('queues');

  for (const group of queueGroupIds) {
    if (random.next() < 0.5) {
      const value = random.pick(['North', 'South', 'East', 'West']);
      store.put('queueGroupAttributes', { id: newId(), name: 'Region', language: 'EN', value }, group);
    }
  }
  fill('prsProfiles', counts.prsProfiles, (i) => ({
    name: `Profile ${i}`,
    reason: random.pick(['NONE', 'VACATION', 'MEETING', 'LUNCH']),
  }));

  for (let i = 1; i <= counts.messagingServices; i++) {
    const type = random.pick(['facebook', 'twilio', 'sap365', 'yaas']);
    const service = {
      id: newId(),
      type,
      name: `${type} connection ${i}`,
      connection: `https://${type}.example.com/${i}/`,
    };
    store.put('messagingServices', service);
    const authentications = random.int(1, 2);
    for (let n = 1; n <= authentications; n++) {
      const authentication = { id: newId(), authenticationId: `login_${i}_${n}`, password: `secret-${i}-${n}` };
      store.put('authentications', authentication, service.id);
    }
  }

  for (let i = 1; i <= counts.replyTemplates; i++) {
    const template: Entity = {
      id: newId(),
      name: `Template ${i}`,
      description: `Generated reply template ${i}`,
      language: random.pick(LANGUAGES),
      subject: `Re: your ${random.pick(KEYWORDS)} question`,
      contentType: random.next() < 0.8 ? 'Static' : 'Interactive',
      body: `Hello {CUSTOMERNAME}\n\nThank you for your message (${i}).`,
      keywords: random.sample(KEYWORDS, random.int(2, 5)),
      queueIds: random.sample(queueIds, random.int(1, 3)),
    };
    store.put('replyTemplates', template);
    const attachments = random.int(0, 3);
    for (let n = 1; n <= attachments; n++) {
      const [extension, mimeType] = random.pick(MIME_TYPES);
      const size = random.int(1_000, 900_000);
      store.put('attachments', { id: newId(), size, fileName: `file${n}.${extension}`, mimeType }, template.id);
    }
  }

  const promptIds: string[] = [];
  fill('audioPrompts', counts.audioPrompts, (i, id) => {
    const promptType = random.pick(PROMPT_TYPES);
    promptIds.push(id);
    return {
      name: `${promptType} prompt ${i}`,
      description: `Generated ${promptType} prompt ${i}`,
      promptType,
      sourceType: random.pick(['Custom', 'QueueBuiltIn', 'UserBuiltIn', 'OptionalBuiltIn']),
      loopType: random.pick(['ALL', 'LAST', 'RANDOM']),
    };
  });

  for (let i = 1; i <= counts.customIvrs; i++) {
    const ivr: Entity = {
      id: newId(),
      addresses: [String(3000 + i)],
      name: `IVR ${i}`,
      description: `Generated IVR ${i}`,
      active: random.next() < 0.7,
    };
    const versions = random.int(1, 3);
    for (let v = 1; v <= versions; v++) {
      const created = EPOCH + random.int(0, 300) * DAY;
      const id = newId();
      store.put(
        'sourceCodes',
        {
          id,
          versionNumber: v,
          creationDate: new Date(created).toISOString(),
          modificationDate: new Date(created + random.int(1, 3600) * 1000).toISOString(),
          description: `Version ${v}`,
          sourceCode: vxml(random.pick(promptIds)),
        },
        ivr.id,
      );
      if (v === versions) ivr.currentSourceCodeVersionId = id;
    }
    store.put('customIvrs', ivr);
    const attributes = random.int(0, 3);
    for (let n = 1; n <= attributes; n++) {
      const attribute = { id: newId(), name: `attr${n}`, language: random.pick(LANGUAGES), value: `value ${i}.${n}` };
      store.put('customIvrAttributes', attribute, ivr.id);
    }
  }

  fill('cpExtensions', counts.cpExtensions, (i) => ({
    name: `extension${i}`,
    description: `Generated contact panel extension ${i}`,
    title: `Extension ${i}`,
    url: `https://extensions.example.com/${i}/frame.html`,
    icon: random.pick(['sap-icon://business-card', 'sap-icon://travel-request', 'sap-icon://study-leave']),
    queues: random.sample(queueIds, random.int(1, 5)),
    hidden: random.next() < 0.2,
  }));

  for (let s = 1; s <= counts.disruptionSets; s++) {
    const set = { id: newId(), name: `disruptions ${s}`, externalId: `gen-set${s}` };
    store.put('disruptionSets', set);
    const items: Entity[] = [];
    for (let n = 0; n < counts.itemsPerSet; n++) {
      const type = ITEM_TYPES[n % 3];
      const item: Entity = {
        id: newId(),
        externalId: `${type}-${String(n).padStart(3, '0')}`,
        name: `${type.toLowerCase()} ${n}`,
        type,
        description: `Generated ${type} item ${n}`,
      };
      if (type === 'WHERE') {
        item.attributes = [
          { name: 'SayAsDatatype', language: 'EN', value: 'digits' },
          { name: 'SayAsValue', language: 'EN', value: String(n).padStart(5, '0') },
        ];
      }
      store.put('items', item, set.id);
      items.push(item);
    }
    for (let n = 1; n <= counts.eventsPerSet; n++) {
      const created = EPOCH + random.int(0, 365) * DAY + random.int(0, DAY - 1);
      const from = created + random.int(0, 30) * DAY;
      const event: Entity = {
        id: newId(),
        created: new Date(created).toISOString(),
        modified: new Date(created + random.int(0, 5) * DAY).toISOString(),
        items: random.sample(items, random.int(1, 3)).map((i) => i.id),
      };
      if (random.next() < 0.2) event.remarks = `Generated event ${n}`;
      const shape = random.next();
      // Mostly past events; some open-ended or far-future ones, so `active=true` finds a few today.
      if (shape < 0.8) {
        event.activeFrom = new Date(from).toISOString();
        event.activeTo = new Date(from + random.int(1, 10) * DAY).toISOString();
      } else if (shape < 0.9) {
        event.activeFrom = new Date(from).toISOString();
      } else {
        event.activeFrom = new Date(from).toISOString();
        event.activeTo = '2099-12-31T23:59:59.000Z';
      }
      store.put('events', event, set.id);
    }
  }
}
