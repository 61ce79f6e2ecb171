import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { rest, useGateway, useGatewayOver, WRITE_STATUSES } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// RCI's PUT replaces the whole object. A partial update reads the object, merges what was given, and
// PUTs everything: fields not given are kept, fields given as null are cleared.
const JOHN = 'E936C474B22311D38FBE0090279A922E';

describe.each(WRITE_STATUSES)('with RCI answering %i to PUT', (writeStatus) => {
  const gw = useGateway({ simulator: { writeStatus }, reset: true });

  it('sends the whole object: untouched fields kept, explicit null cleared', async () => {
    const before = await rest(gw, `/users/${JOHN}`);
    gw.sim.clearRequests();
    const result = await gw.query(
      graphql(`
        mutation RenameJohn($input: UpdateUserInput!) {
          updateUser(input: $input) {
            user {
              firstName
              surname
              phone
              chat
              email
              login
              timeZone {
                rciId
              }
            }
          }
        }
      `),
      { input: { id: JOHN, firstName: 'Jonathan', phone: null } },
    );
    expect(result.errors).toBeUndefined();
    expect(gw.calls()).toEqual([
      `GET /users/${JOHN}`,
      `PUT /users/${JOHN}`,
      `GET /users/${JOHN}`,
      'GET /timeZones/Europe/Helsinki',
    ]);
    const put = gw.sim.requests.find((r) => r.method === 'PUT')!;
    const { id: _id, phone: _phone, ...kept } = before;
    expect(JSON.parse(put.body!)).toEqual({ ...kept, firstName: 'Jonathan' });
    expect(put.contentType).toMatch(/^application\/json/);
    expect(result.data!.updateUser!.user).toEqual({
      firstName: 'Jonathan',
      surname: before.surname,
      phone: null,
      chat: before.chat,
      email: before.email,
      login: before.login,
      timeZone: { rciId: before.timeZone },
    });
    const after = await rest(gw, `/users/${JOHN}`);
    expect(after).toEqual({ ...kept, id: JOHN, firstName: 'Jonathan' });
  });

  it('keeps lists and wrapped lists intact: a queue rename keeps its addresses', async () => {
    const sales = 'B8F0CA9CFC0411D3A2230050DA29E0F4';
    const before = await rest(gw, `/queues/${sales}`);
    gw.sim.clearRequests();
    const result = await gw.query(
      `mutation { updateQueue(input: { id: "${sales}", name: "Sales EMEA" }) { queue { name addresses } } }`,
    );
    expect(result.errors).toBeUndefined();
    const put = JSON.parse(gw.sim.requests.find((r) => r.method === 'PUT')!.body!);
    expect(put.addresses).toEqual(before.addresses);
    expect(put.name).toBe('Sales EMEA');
    expect(put.id).toBeUndefined();
    expect((result.data as Json).updateQueue.queue).toEqual({
      name: 'Sales EMEA',
      addresses: before.addresses.address,
    });
  });

  it('refuses to clear a required field, before anything is sent', async () => {
    const result = await gw.query(
      `mutation { updateUser(input: { id: "${JOHN}", surname: null }) { user { surname } } }`,
    );
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.surname'],
    ]);
    expect(result.errors?.[0].message).toMatch(/required and cannot be cleared/);
    expect(gw.calls()).toEqual([]);
  });

  it('later fields of the same request show the new state', async () => {
    const result = await gw.query(`
      mutation {
        first: updateSkill(input: { id: "175A098FEDDB41EB8839AACBAB26A0B6", name: "British English" }) { skill { name } }
        second: updateSkill(input: { id: "175A098FEDDB41EB8839AACBAB26A0B6", description: "Spoken and written" }) { skill { name description } }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect((result.data as Json).second.skill).toEqual({ name: 'British English', description: 'Spoken and written' });
  });
});

describe('a property RCI answers that the gateway does not know', () => {
  // A newer RCI may answer properties this gateway's catalogue lacks. A real HTTP server stands in for
  // such an RCI: the partial update must send the property back, not clear it.
  const ROLE = '2CADB6A137124F13BC68938E2B5FEFC1';
  const puts: unknown[] = [];
  let role: Record<string, unknown> = { id: ROLE, name: 'CC Agent', description: 'CC Agent Role', escalationLevel: 3 };
  const newer = useGatewayOver((req, res) => {
    if (req.method !== 'PUT') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(role));
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      puts.push(JSON.parse(body));
      role = { ...JSON.parse(body), id: ROLE };
      res.writeHead(204).end();
    });
  });

  it('is sent back unchanged by a partial update', async () => {
    const result = await newer.query(
      `mutation { updateRole(input: { id: "${ROLE}", name: "Agent" }) { role { name description } } }`,
    );
    expect(result).toEqual({ data: { updateRole: { role: { name: 'Agent', description: 'CC Agent Role' } } } });
    expect(puts).toEqual([{ name: 'Agent', description: 'CC Agent Role', escalationLevel: 3 }]);
  });
});
