// Authentication: off by default; with credentials configured, HTTP Basic is required (401 otherwise) and
// read-only users get 403 on POST, PUT and DELETE.
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { call, useSimulator } from './support.js';

const open = useSimulator();
const guarded = useSimulator({
  auth: {
    users: [
      { username: 'admin', password: 'correct horse' },
      { username: 'viewer', password: 'v:with:colons', readOnly: true },
    ],
  },
});

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const admin = basic('admin', 'correct horse');
const viewer = basic('viewer', 'v:with:colons');

describe('without auth configured', () => {
  it('answers requests without credentials', async () => {
    expect((await open.get('/users')).status).toBe(200);
    expect((await open.post('/roles', { name: 'Open' })).status).toBe(201);
  });
});

describe('with auth configured', () => {
  it.each([
    ['no credentials', {}],
    ['a wrong password', basic('admin', 'wrong')],
    ['an unknown user', basic('nobody', 'correct horse')],
    ['a password that is a prefix of the right one', basic('admin', 'correct')],
    ['another scheme', { authorization: 'Bearer abc' }],
    ['malformed Basic credentials', { authorization: 'Basic !!!' }],
  ])('answers 401 with a Basic challenge for %s', async (_, headers) => {
    const answer = await guarded.get('/users', { headers });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="RCI"');
    expect(answer.type).toBe('text/plain');
  });

  it('answers a user with the right credentials', async () => {
    const answer = await guarded.get(`/users/${ids.johnFox}`, { headers: admin });
    expect(answer.status).toBe(200);
    expect(answer.json().firstName).toBe('John');
    expect((await guarded.post('/roles', { name: 'Admin made' }, { headers: admin })).status).toBe(201);
  });

  it('refuses writes without credentials before looking at them', async () => {
    const answer = await guarded.post('/roles', { name: 'Anonymous' });
    expect(answer.status).toBe(401);
    const roles = await call(guarded.sim.url, 'GET', '/roles?name=Anonymous', { headers: admin });
    expect(roles.json()).toEqual([]);
  });

  it('lets a read-only user GET', async () => {
    expect((await guarded.get('/queues', { headers: viewer })).status).toBe(200);
  });

  it('answers 403 to a read-only user on POST, PUT and DELETE and changes nothing', async () => {
    const post = await guarded.post('/roles', { name: 'Viewer made' }, { headers: viewer });
    const put = await guarded.put(`/roles/${ids.ccAgentRole}`, { name: 'Renamed' }, { headers: viewer });
    const del = await guarded.del(`/roles/${ids.officeUserRole}`, { headers: viewer });
    expect([post.status, put.status, del.status]).toEqual([403, 403, 403]);
    expect(post.type).toBe('text/plain');
    const roles = (await call(guarded.sim.url, 'GET', '/roles', { headers: admin })).json();
    expect(roles.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['CC Agent', 'Office User']));
    expect(roles.map((r: { name: string }) => r.name)).not.toContain('Viewer made');
  });
});
