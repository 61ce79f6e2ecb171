import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { useGateway } from '../support/gateway.js';

// Every input mistake is reported in one answer, each with its input path and BAD_USER_INPUT, and
// nothing is sent to RCI.
const gw = useGateway();

const CreateUser = graphql(`
  mutation CreateUserForValidation($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        id
      }
    }
  }
`);

const fieldErrors = (errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).map((e) => ({ code: e.extensions?.code, field: e.extensions?.field }));

describe('input validation', () => {
  it('three invalid fields: three field errors and zero RCI calls', async () => {
    const result = await gw.query(CreateUser, {
      input: { firstName: '', surname: 'Fox', email: 'not-an-email', uiLanguage: 'ENGLISH' },
    });
    expect(result.data).toEqual({ createUser: null });
    expect(fieldErrors(result.errors)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.firstName' },
      { code: 'BAD_USER_INPUT', field: 'input.email' },
      { code: 'BAD_USER_INPUT', field: 'input.uiLanguage' },
    ]);
    expect(result.errors!.map((e) => e.message)).toEqual([
      'input.firstName: must not be empty',
      'input.email: must be an email address',
      'input.uiLanguage: must be at most 4 characters long (got 7)',
    ]);
    expect(gw.calls()).toEqual([]);
  });

  it('an over-long name names the field and its limit', async () => {
    const result = await gw.query(CreateUser, { input: { firstName: 'A'.repeat(401), surname: 'Fox' } });
    expect(result.errors?.[0].message).toBe('input.firstName: must be at most 400 characters long (got 401)');
    const role = await gw.query(`mutation($name: String!) { createRole(input: { name: $name }) { role { id } } }`, {
      name: 'r'.repeat(5000),
    });
    expect(role.errors?.[0].extensions?.field).toBe('input.name');
    expect(gw.calls()).toEqual([]);
  });

  it('a malformed time zone reference and a malformed parent id are field errors too', async () => {
    const result = await gw.query(CreateUser, {
      input: { firstName: 'Ann', surname: 'Lee', timeZoneId: '../../users' },
    });
    expect(fieldErrors(result.errors)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.timeZoneId' }]);
    const extension = await gw.query(
      `mutation { createQueueExtension(input: { queueId: "../x", name: "300" }) { extension { id } } }`,
    );
    expect(fieldErrors(extension.errors)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.queueId' }]);
    expect(gw.calls()).toEqual([]);
  });

  it('a skill level outside 1-5 is refused', async () => {
    for (const level of [0, 6, -1]) {
      const result = await gw.query(
        `mutation($level: Int!) { setUserSkill(input: { userId: "E936C474B22311D38FBE0090279A922E", skillId: "175A098FEDDB41EB8839AACBAB26A0B6", level: $level }) { level } }`,
        { level },
      );
      expect(result.errors?.[0].message).toBe('input.level: must be between 1 and 5');
    }
    expect(gw.calls()).toEqual([]);
  });

  it('an event item must be given by itemId, or by externalId and type, not both and not neither', async () => {
    const result = await gw.query(
      `mutation($input: CreateDisruptionEventInput!) { createDisruptionEvent(input: $input) { event { id } } }`,
      {
        input: {
          disruptionSetId: '14E14D7338C44EA5904A1E18180186FF',
          items: [
            { itemId: '4207972208924A96816382C5E1BFD686', externalId: '05', type: 'WHY' },
            { externalId: '05' },
            {},
          ],
        },
      },
    );
    expect(fieldErrors(result.errors).map((e) => e.field)).toEqual([
      'input.items.0.itemId',
      'input.items.1.type',
      'input.items.2.externalId',
      'input.items.2.type',
    ]);
    expect(gw.calls()).toEqual([]);
  });

  it('an event item named by a malformed itemId is one error, on itemId', async () => {
    const result = await gw.query(
      `mutation { createDisruptionEvent(input: { disruptionSetId: "14E14D7338C44EA5904A1E18180186FF", items: [{ itemId: "not-an-id" }] }) { event { id } } }`,
    );
    expect(fieldErrors(result.errors)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.items.0.itemId' }]);
    expect(gw.calls()).toEqual([]);
  });

  it('an empty item list is refused', async () => {
    const result = await gw.query(
      `mutation { createDisruptionEvent(input: { disruptionSetId: "14E14D7338C44EA5904A1E18180186FF", items: [] }) { event { id } } }`,
    );
    expect(fieldErrors(result.errors)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.items' }]);
  });

  it('GraphQL-level mistakes (a missing required field, an unknown enum value) are refused before any resolver runs', async () => {
    const result = await gw.query(
      `mutation { createQueue(input: { name: "Q", type: FAX, loginType: HUNT_GROUP }) { queue { id } } }`,
    );
    expect(result.errors?.[0].message).toMatch(/FAX/);
    expect(gw.calls()).toEqual([]);
  });
});
