import { ENGINES } from '../support/engines';

// What admins curate on the Knowledge page, kept on each engine: Spanish waits for approval,
// new Spanish replaces what was not published, publishing takes what was approved, once, and a
// publish the knowledge could not take goes back to waiting.
jest.setTimeout(30_000);

describe.each(ENGINES)('$name', (engine) => {
  beforeEach(() => engine.fresh());
  afterEach(() => engine.cleanup());

  test('pending, approved, published, replaced and back', async () => {
    const store = await engine.open();
    const c = store.curation;
    const wording = await c.add({
      entryId: 'e1',
      kind: 'question',
      payload: { lang: 'en', question: 'is it safe' },
      createdBy: 'admin-1',
      status: 'approved',
    });
    expect(wording).toMatchObject({ status: 'approved', approvedBy: 'admin-1' });
    const first = await c.add({
      entryId: 'e1',
      kind: 'spanish',
      payload: { answer: 'Primera.', english: 'h' },
      createdBy: 'admin-1',
      status: 'pending',
    });
    const second = await c.add({
      entryId: 'e1',
      kind: 'spanish',
      payload: { answer: 'Segunda.', english: 'h' },
      createdBy: 'admin-2',
      status: 'pending',
    });
    expect((await c.get(first.id))?.status).toBe('replaced');
    expect((await c.list()).map((x) => x.id)).toEqual([wording.id, second.id]);
    expect(await c.approve(first.id, 'admin-2')).toBe(false);

    // Only what was approved is published; the pending Spanish waits.
    expect((await c.publish('admin-1')).map((x) => x.id)).toEqual([wording.id]);
    expect(await c.publish('admin-1')).toEqual([]);
    expect(await c.approve(second.id, 'admin-1')).toBe(true);
    expect(await c.approve(second.id, 'admin-1')).toBe(false);
    const published = await c.publish('admin-2');
    expect(published).toEqual([
      expect.objectContaining({ id: second.id, payload: { answer: 'Segunda.', english: 'h' } }),
    ]);
    await c.unpublish([second.id]);
    expect((await c.published()).map((x) => x.id)).toEqual([wording.id]);
    expect((await c.get(second.id))?.status).toBe('approved');
  });

  test('one audited view of the Knowledge page a session', async () => {
    const store = await engine.open();
    expect(await store.curation.auditViewOnce('s1', 'session-a')).toBe(true);
    expect(await store.curation.auditViewOnce('s1', 'session-a')).toBe(false);
    expect(await store.curation.auditViewOnce('s1', 'session-b')).toBe(true);
    const views = await store.staff.auditLog({ action: 'view-knowledge', limit: 10 });
    expect(views).toHaveLength(2);
  });
});
