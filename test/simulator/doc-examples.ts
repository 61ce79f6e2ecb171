/**
 * The example answers of all 60 GETs in the RCI documentation (RCI-API.txt), copied here so that tests
 * never read outside the project. Copied as printed, except for the fixes needed to make
 * them JSON: the "// + all fields used in query parameter" comments removed, unquoted attribute keys
 * quoted, the missing quote in the extension list and the stray brace in the queue group's queue list fixed.
 */
export const documentedAnswers: { template: string; example: unknown }[] = [
  {
    template: '/users',
    example: [
      { id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox' },
      { id: '40ECCFBFAEA24FEDA90A3347E9BC26E7', firstName: 'David', surname: 'Duck' },
      { id: 'DC76CDDC340B43C291932428B6039AA6', firstName: 'Peter', surname: 'Frog' },
    ],
  },
  {
    template: '/users/{userId}',
    example: {
      id: 'E936C474B22311D38FBE0090279A922E',
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
    },
  },
  {
    template: '/users/{userId}/userGroups',
    example: [
      { id: '7B9ED6753BCD460C98501E9FD1C02002', name: 'HelpDesk' },
      { id: '7211703C1CF047D9AA1B6FD5B2B35640', name: 'IT' },
      { id: 'FDA4CD5052144FFBB3794EC7ADF7EFD5', name: 'Partner Support' },
    ],
  },
  {
    template: '/users/{userId}/userGroups/{userGroupId}',
    example: { id: '7B9ED6753BCD460C98501E9FD1C02002', name: 'HelpDesk', synchronised: true },
  },
  {
    template: '/users/{userId}/roles',
    example: [
      { id: '2CADB6A137124F13BC68938E2B5FEFC1', name: 'CC Agent' },
      { id: 'F4E0E3C6AEC64BEA9200DCC05F5980F1', name: 'CC Supervisor' },
      { id: 'C2ED670838344EC4B6F0E620D3206B8D', name: 'Office User' },
    ],
  },
  {
    template: '/users/{userId}/roles/{roleId}',
    example: { id: '2CADB6A137124F13BC68938E2B5FEFC1', name: 'CC Agent', description: 'CC Agent Role' },
  },
  {
    template: '/users/{userId}/certificates',
    example: [
      { id: '5D3A260F9F1D4BBFA5A3ADACFFE6C97B', issuer: 'SSO_CA', subject: 'john.fox' },
      { id: '6BEDFB8244494A698164CE0C2594C6FF', issuer: 'SSO_CA', subject: 'i123456' },
    ],
  },
  {
    template: '/users/{userId}/certificates/{certificateId}',
    example: { id: '5D3A260F9F1D4BBFA5A3ADACFFE6C97B', issuer: 'SSO_CA', subject: 'john.fox' },
  },
  {
    template: '/users/{userId}/skills',
    example: [
      { id: '175A098FEDDB41EB8839AACBAB26A0B6', value: 5 },
      { id: '9B87EDA47F394762A510811F368A0ABA', value: 4 },
      { id: 'ABFF5E5BC1E44E90877C55570D06E8A7', value: 3 },
    ],
  },
  {
    template: '/users/{userId}/skills/{skillId}',
    example: { id: '175A098FEDDB41EB8839AACBAB26A0B6', name: 'English', description: 'English language skill' },
  },
  {
    template: '/userGroups',
    example: [
      { id: '7B9ED6753BCD460C98501E9FD1C02002', name: 'HelpDesk' },
      { id: '7211703C1CF047D9AA1B6FD5B2B35640', name: 'IT' },
      { id: 'FDA4CD5052144FFBB3794EC7ADF7EFD5', name: 'Partner Support' },
    ],
  },
  {
    template: '/userGroups/{userGroupId}',
    example: { id: '7B9ED6753BCD460C98501E9FD1C02002', name: 'HelpDesk', synchronised: true },
  },
  {
    template: '/userGroups/{userGroupId}/users',
    example: [
      { id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox' },
      { id: '40ECCFBFAEA24FEDA90A3347E9BC26E7', firstName: 'David', surname: 'Duck' },
      { id: 'DC76CDDC340B43C291932428B6039AA6', firstName: 'Peter', surname: 'Frog' },
    ],
  },
  {
    template: '/userGroups/{userGroupId}/users/{userId}',
    example: { id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox' },
  },
  {
    template: '/queues',
    example: [
      {
        id: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
        type: 'Phone',
        name: 'Sales',
        description: 'Sales phone',
        loginType: 'AutoAllocation',
        addresses: { address: ['100'] },
        synchronised: true,
      },
      {
        id: '409FBE1B217643089F291B8796174643',
        type: 'Phone',
        name: 'Helpdesk',
        description: 'Helpdesk phone',
        loginType: 'HuntGroup',
        addresses: { address: ['101', '102'] },
        synchronised: true,
      },
      {
        id: 'AA60293EB8AD49959C5B67A2B0A1DC84',
        type: 'Chat',
        name: 'Sales chat',
        description: 'Sales chat',
        loginType: 'AutoAllocation',
        addresses: { address: ['rci.chat@company.com'] },
        synchronised: true,
      },
      {
        id: '7B2EB5F5DF62439690CF6D180A2009C8',
        type: 'Email',
        name: 'Sales Email',
        description: 'Sales Email',
        loginType: 'AutoAllocation',
        addresses: { address: ['rci.email@company.com'] },
        synchronised: true,
      },
    ],
  },
  {
    template: '/queues/{queueId}',
    example: {
      id: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
      type: 'Phone',
      name: 'Sales',
      description: 'Sales phone',
      loginType: 'AutoAllocation',
      addresses: { address: ['100'] },
      synchronised: true,
    },
  },
  {
    template: '/queues/{queueId}/extensions',
    example: [
      { id: 'A8F2AC742E914654B9AB5F420406B828', address: '101' },
      { id: 'CB5AF61A7E2C4E728C62069A85EB73BA', address: '102' },
    ],
  },
  {
    template: '/queues/{queueId}/extensions/{extensionId}',
    example: { id: 'A8F2AC742E914654B9AB5F420406B828', address: '101' },
  },
  {
    template: '/queues/{queueId}/queueGroups',
    example: [
      { id: '2CADB6A1-3712-4F13-BC68-938E2B5FEFC1', name: 'CC Agent' },
      { id: 'E8E5E74E1CB540458639310940C07BA5', name: 'CC Helpdesk' },
      { id: 'BE5F74207C51437CB1B749E608DEB30F', name: 'CC Support' },
    ],
  },
  {
    template: '/queues/{queueId}/queueGroups/{queueGroupId}',
    example: { id: '2CADB6A137124F13BC68938E2B5FEFC1', name: 'CC Agent' },
  },
  {
    template: '/queues/{queueId}/attributes',
    example: [
      { name: 'Name', language: 'EN', value: 'Sales' },
      { name: 'Name', language: 'FI', value: 'Myynti' },
    ],
  },
  {
    template: '/queueGroups',
    example: [
      { id: '2CADB6A1-3712-4F13-BC68-938E2B5FEFC1', description: 'CC Agent queue group', name: 'CC Agent' },
      { id: 'E8E5E74E1CB540458639310940C07BA5', description: 'CC Helpdesk queue group', name: 'CC Helpdesk' },
      { id: 'BE5F74207C51437CB1B749E608DEB30F', description: 'CC Support queue group', name: 'CC Support' },
    ],
  },
  {
    template: '/queueGroups/{queueGroupId}',
    example: { id: '2CADB6A137124F13BC68938E2B5FEFC1', description: 'CC Agent queue group', name: 'CC Agent' },
  },
  {
    template: '/queueGroups/{queueGroupId}/queues',
    example: [
      { id: 'B8F0CA9CFC0411D3A2230050DA29E0F4', name: 'Sales' },
      { id: '409FBE1B217643089F291B8796174643', name: 'Helpdesk' },
      { id: 'AA60293EB8AD49959C5B67A2B0A1DC84', name: 'Sales chat' },
      { id: '7B2EB5F5DF62439690CF6D180A2009C8', name: 'Sales Email' },
    ],
  },
  {
    template: '/queueGroups/{queueGroupId}/queues/{queueId}',
    example: { id: 'B8F0CA9CFC0411D3A2230050DA29E0F4', name: 'Sales' },
  },
  {
    template: '/queueGroups/{queueGroupId}/attributes',
    example: [
      { name: 'Name', language: 'EN', value: 'Sales' },
      { name: 'Name', language: 'FI', value: 'Myynti' },
    ],
  },
  {
    template: '/roles',
    example: [
      { id: '2CADB6A137124F13BC68938E2B5FEFC1', name: 'CC Agent' },
      { id: 'F4E0E3C6AEC64BEA9200DCC05F5980F1', name: 'CC Supervisor' },
      { id: 'C2ED670838344EC4B6F0E620D3206B8D', name: 'Office User' },
    ],
  },
  {
    template: '/roles/{roleId}',
    example: { id: '2CADB6A137124F13BC68938E2B5FEFC1', name: 'CC Agent', description: 'CC Agent Role' },
  },
  {
    template: '/roles/{roleId}/users',
    example: [
      { id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox' },
      { id: '40ECCFBFAEA24FEDA90A3347E9BC26E7', firstName: 'David', surname: 'Duck' },
      { id: 'DC76CDDC340B43C291932428B6039AA6', firstName: 'Peter', surname: 'Frog' },
    ],
  },
  {
    template: '/roles/{roleId}/users/{userId}',
    example: { id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox' },
  },
  {
    template: '/skills',
    example: [
      { id: '175A098FEDDB41EB8839AACBAB26A0B6', name: 'English', description: 'English language skill' },
      { id: '9B87EDA47F394762A510811F368A0ABA', name: 'Deutsch', description: 'German Language skill' },
      { id: 'ABFF5E5BC1E44E90877C55570D06E8A7', name: 'Finnish Language', description: 'Finnish language skill' },
    ],
  },
  {
    template: '/skills/{skillId}',
    example: { id: '175A098FEDDB41EB8839AACBAB26A0B6', name: 'English', description: 'English language skill' },
  },
  {
    template: '/timeZones',
    example: [
      { id: 'America/New_York', name: '(UTC-05:00) Eastern Time (US & Canada)' },
      { id: 'Asia/Singapore', name: '(UTC+08:00) Kuala Lumpur, Singapore Singapore' },
      { id: 'Europe/Helsinki', name: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius' },
      { id: 'Europe/London', name: '(UTC) Dublin, Edinburgh, Lisbon, London Europe/Belfast,GB,GB-Eire' },
    ],
  },
  {
    template: '/timeZones/{timeZoneId}',
    example: { id: 'Europe/Helsinki', name: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius' },
  },
  {
    template: '/prsProfiles',
    example: [
      { id: '02770429F80BDF1191AD001CC4D98816', name: 'Default', reason: 'NONE' },
      { id: '04770429F80BDF1191AD001CC4D98816', name: 'Lunch', reason: 'NONE' },
      { id: '12684EA701114105A1D73F532AB80C28', name: 'Vacation', reason: 'VACATION' },
      { id: '2EA19675EA7DDF11B644463500000031', name: 'Meeting / Deny calls (Def: 1 hour)', reason: 'MEETING' },
    ],
  },
  {
    template: '/prsProfiles/{prsProfileId}',
    example: { id: '02770429F80BDF1191AD001CC4D98816', name: 'Default', reason: 'NONE' },
  },
  {
    template: '/messagingServices',
    example: [
      {
        id: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
        type: 'facebook',
        name: 'Facebook connection',
        connection: 'https://serviceaddress/',
      },
      {
        id: 'B8F0CA9CFC0411D3A2230050DA29E0F5',
        type: 'twilio',
        name: 'Twilio SMS',
        connection: 'https://serviceaddress2/',
      },
    ],
  },
  {
    template: '/messagingServices/{messagingServiceId}',
    example: {
      id: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
      type: 'facebook',
      name: 'Facebook connection',
      connection: 'https://serviceaddress/',
    },
  },
  {
    template: '/messagingServices/{messagingServiceId}/authentications',
    example: [{ id: 'AF8D906F2EDE40FC889303B52D26DA25', authenticationId: 'my_login_id' }],
  },
  {
    template: '/messagingServices/{messagingServiceId}/authentications/{id}',
    example: { id: 'AF8D906F2EDE40FC889303B52D26DA25', authenticationId: 'my_login_id' },
  },
  {
    template: '/replyTemplates',
    example: [
      {
        id: '000BC39C7CC04554A95062CF4C6BBE06',
        body: 'Hello {CUSTOMERNAME}\n\nThank you for your message',
        description: 'this is a template',
        language: 'EN',
        name: 'template2',
        contentType: 'Static',
        attachmentCount: 0,
        keywords: { keyword: ['issue', 'problem', 'washing', 'machine'] },
      },
      {
        id: '611D51A367C54C2F8D30C032B48D847E',
        body: 'hello',
        description: 'jep',
        language: 'EN',
        name: 'template',
        contentType: 'Interactive',
        attachmentCount: 3,
        keywords: { keyword: ['instructions', 'info', 'installation', 'tv', 'television'] },
      },
    ],
  },
  {
    template: '/replyTemplates/{replyTemplateId}',
    example: {
      id: '000BC39C7CC04554A95062CF4C6BBE06',
      body: 'Hello {CUSTOMERNAME}\n\nThank you for your message',
      description: 'this is a template',
      language: 'EN',
      name: 'template2',
      contentType: 'Static',
      attachmentCount: 1,
      keywords: { keyword: ['issue', 'problem', 'washing', 'machine'] },
    },
  },
  {
    template: '/replyTemplates/{replyTemplateId}/attachments',
    example: [
      { size: 35917, fileName: 'picture.PNG', mimeType: 'image/png', id: 'D147D4339D1448158153B61D1F621AF9' },
      { size: 56698, fileName: 'picture2.jpg', mimeType: 'image/jpeg', id: '3D612DF2E3694A56A9253365CA8EEEFE' },
    ],
  },
  {
    template: '/replyTemplates/{replyTemplateId}/attachments/{attachmentId}',
    example: { size: 56698, fileName: 'picture2.jpg', mimeType: 'image/jpeg', id: '3D612DF2E3694A56A9253365CA8EEEFE' },
  },
  {
    template: '/customIvrs',
    example: [
      {
        addresses: { address: ['243', '234'] },
        name: 'My Menu Ivr',
        description: 'Queue selection IVR',
        currentSourceCodeVersionId: 'BA78FF64DCEC40B885AF6D2C337D7C5D',
        active: true,
        id: 'A5AF21AB416849BBA6FDBE92E5C15B69',
      },
      {
        addresses: { address: ['400'] },
        name: 'Callback IVR',
        description: 'IVR to leave callbacks',
        currentSourceCodeVersionId: '58DF7291C3B841C8A3B2A5D8282895D8',
        active: false,
        id: 'CA7F01B89F9D4640945DFBDF4142729D',
      },
    ],
  },
  {
    template: '/customIvrs/{customIvrId}',
    example: {
      addresses: { address: ['243', '234'] },
      name: 'My Menu Ivr',
      description: 'Queue selection IVR',
      currentSourceCodeVersionId: 'BA78FF64DCEC40B885AF6D2C337D7C5D',
      active: true,
      id: 'A5AF21AB416849BBA6FDBE92E5C15B69',
    },
  },
  {
    template: '/customIvrs/{customIvrId}/sourceCodes',
    example: [
      {
        modificationDate: '2020-01-21T13:10:47.493Z',
        versionNumber: 1,
        creationDate: '2020-01-21T13:10:33.293Z',
        id: 'C907169011AA48D8A6EE8F8F12423372',
      },
    ],
  },
  {
    template: '/customIvrs/{customIvrId}/sourceCodes/{sourceCodeId}',
    example: {
      description: '',
      modificationDate: '2020-01-21T13:12:22Z',
      sourceCode:
        '<?xml version="1.0" encoding="UTF-8"?><vxml xmlns:bcm="http://bcm.sinch.com" version="2.1"><form id="form1"><block name="blco1"><audio src="42079722-0892-4A96-8163-82C5E1BFD686" xml:lang="IT"/></block></form></vxml>',
      versionNumber: 1,
      creationDate: '2020-01-21T13:10:33.293Z',
      id: 'C907169011AA48D8A6EE8F8F12423372',
    },
  },
  {
    template: '/customIvrs/{customIvrId}/currentSourceCodeVersion',
    example: {
      description: '',
      modificationDate: '2020-01-21T13:12:22Z',
      sourceCode:
        '<?xml version="1.0" encoding="UTF-8"?><vxml xmlns:bcm="http://bcm.sinch.com" version="2.1"><form id="form1"><block name="blco1"><audio src="42079722-0892-4A96-8163-82C5E1BFD686" xml:lang="IT"/></block></form></vxml>',
      versionNumber: 1,
      creationDate: '2020-01-21T13:10:33.293Z',
      id: 'C907169011AA48D8A6EE8F8F12423372',
    },
  },
  {
    template: '/customIvrs/{customIvrId}/attributes',
    example: [
      { name: 'Name', language: 'EN', value: 'Sales' },
      { name: 'Name', language: 'FI', value: 'Myynti' },
    ],
  },
  {
    template: '/audioPrompts',
    example: [
      {
        name: 'Welcome (Built-In Default Prompt)',
        description: 'Welcome message (built-in default audio prompt)',
        promptType: 'Welcome',
        sourceType: 'QueueBuiltIn',
        loopType: 'ALL',
        id: 'F0EDAAE15EAB4167A84DD0CC69680A4F',
      },
      {
        name: 'InQueue (Built-In Default Prompt)',
        description: 'In queue message (the built-in default audio prompt)',
        promptType: 'InQueue',
        sourceType: 'QueueBuiltIn',
        loopType: 'RANDOM',
        id: 'EFF0CF25BC374F2982225C83BB21B3F3',
      },
      {
        name: 'OnHold (Built-In Default Prompt)',
        description: 'Music played when customer is on-hold (built-in default audio prompt)',
        promptType: 'OnHold',
        sourceType: 'QueueBuiltIn',
        loopType: 'ALL',
        id: '3A1C8A257DFD4F0781F55FA1BA188F97',
      },
    ],
  },
  {
    template: '/audioPrompts/{audioPromptId}',
    example: {
      name: 'InQueue (Built-In Default Prompt)',
      description: 'In queue message (the built-in default audio prompt)',
      promptType: 'InQueue',
      sourceType: 'QueueBuiltIn',
      loopType: 'RANDOM',
      id: 'EFF0CF25BC374F2982225C83BB21B3F3',
    },
  },
  {
    template: '/cpExtensions',
    example: [
      {
        title: 'MyExtension',
        hidden: false,
        url: 'https://example.com/frame.html',
        icon: 'sap-icon://business-card',
        queues: ['B8F0CA9CFC0411D3A2230050DA29E0F4'],
        id: '657160EEDE6943348257075871732C5E',
      },
      {
        title: 'MyExtension2',
        hidden: false,
        url: 'https://example.com/frame2.html',
        icon: 'sap-icon://travel-request',
        queues: [
          'B8F0CA9CFC0411D3A2230050DA29E0F4',
          '409FBE1B217643089F291B8796174643',
          '7B2EB5F5DF62439690CF6D180A2009C8',
        ],
        id: '94C89D627D0340A2807B18D8B9C4CD90',
      },
      {
        title: 'MyExtension3',
        hidden: true,
        url: 'https://example.com/frame3.html',
        icon: 'sap-icon://study-leave',
        queues: ['B8F0CA9CFC0411D3A2230050DA29E0F4', '409FBE1B217643089F291B8796174643'],
        id: 'CDEFCDBFDFE547EBA03DE7097BAF0672',
      },
    ],
  },
  {
    template: '/cpExtensions/{cpExtensionId}',
    example: {
      title: 'MyExtension',
      hidden: false,
      url: 'https://example.com/frame.html',
      icon: 'sap-icon://travel-request',
      queues: ['B8F0CA9CFC0411D3A2230050DA29E0F4'],
      id: '94C89D627D0340A2807B18D8B9C4CD90',
    },
  },
  {
    template: '/disruptionSets',
    example: [
      { name: 'electricity', externalId: 'set1', id: '14E14D7338C44EA5904A1E18180186FF' },
      { name: 'water', externalId: 'set2', id: '57EA87659FF147948D5554B682F8201E' },
    ],
  },
  {
    template: '/disruptionSets/{disruptionSetId}',
    example: { name: 'electricity', externalId: 'set1', id: '14E14D7338C44EA5904A1E18180186FF' },
  },
  {
    template: '/disruptionSets/{disruptionSetId}/events',
    example: [
      {
        id: 'C21269BEA18B4146A219202DD8966FFA',
        modified: '2020-12-29T12:01:00.000Z',
        created: '2020-12-29T12:01:00.000Z',
        items: {
          item: [
            { id: '4207972208924A96816382C5E1BFD686', externalId: '05', type: 'WHY' },
            { id: '8207972208924A96816382C5E18FD686', externalId: '00100', type: 'WHERE' },
            { id: '6207972208924A97816382C5E1BFD686', externalId: '14', type: 'WHEN' },
          ],
        },
      },
      {
        id: 'C21269BEA18B4146A219202DD8966FFA',
        modified: '2020-12-28T12:01:00.000Z',
        created: '2020-12-28T12:01:00.000Z',
        activeFrom: '2021-01-06T13:29:34.580Z',
        activeTo: '2021-01-08T13:29:34.580Z',
        items: {
          item: [
            { id: '4207972208924A96816382C5E1BFD686', externalId: '05', type: 'WHY' },
            { id: '8207972208924A96816382C5E18FD686', externalId: '00200', type: 'WHERE' },
            { id: '6207972208924A97816382C5E1BFD686', externalId: '19', type: 'WHEN' },
          ],
        },
      },
    ],
  },
  {
    template: '/disruptionSets/{disruptionSetId}/events/{eventId}',
    example: {
      id: 'C21269BEA18B4146A219202DD8966FFA',
      modified: '2020-12-29T12:01:00.000Z',
      created: '2020-12-29T12:01:00.000Z',
      items: {
        item: [
          { id: '4207972208924A96816382C5E1BFD686', externalId: '05', type: 'WHY' },
          { id: '8207972208924A96816382C5E18FD686', externalId: '00100', type: 'WHERE' },
          { id: '6207972208924A97816382C5E1BFD686', externalId: '14', type: 'WHEN' },
        ],
      },
    },
  },
  {
    template: '/disruptionSets/{disruptionSetId}/items',
    example: [
      {
        attributes: {
          attribute: [
            { language: 'EN', name: 'SayAsDatatype', value: 'digits' },
            { language: 'EN', name: 'SayAsValue', value: '00100' },
          ],
        },
        description: 'Helsinki1',
        type: 'WHERE',
        externalId: '1.00.100',
        name: '00100',
        id: 'F487CFD95D18402B941900247F12FD46',
      },
      {
        description: 'Service break',
        type: 'WHY',
        externalId: '55',
        promptExternalId: 'WHY_55',
        promptId: 'C732A0C65336490B8D190F43E1B878F4',
        promptName: 'WHY_12',
        name: 'Service',
        id: '145D6121895A491DB60F03AE610248E7',
      },
    ],
  },
  {
    template: '/disruptionSets/{disruptionSetId}/items/{itemId}',
    example: {
      description: 'Service break',
      type: 'WHY',
      externalId: '55',
      promptExternalId: 'WHY_55',
      promptId: 'C732A0C65336490B8D190F43E1B878F4',
      promptName: 'WHY_12',
      name: 'Service',
      id: '145D6121895A491DB60F03AE610248E7',
    },
  },
];
