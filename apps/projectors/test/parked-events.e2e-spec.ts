import { randomUUID } from 'node:crypto';
import { ANALYST_KEY, eventually, OPERATOR_KEY, ProjectorsHarness } from './projectors.harness.js';
import { PING_PREFIX, STREAM_COUNTS, StreamCountsFixture } from './stream-counts.consumer.js';

type Parked = {
  stream: string;
  eventId: string;
  position: string;
  reason: string;
  error?: string;
  attempts: number;
  data: { n: number };
};
type Page = { items: Parked[]; nextCursor: string | null };

const ping = (n: number, poison = false) => ({ type: 'Pinged', data: poison ? { n, poison } : { n } });

describe('parked events, through the operator endpoints', () => {
  const fixture = new StreamCountsFixture();
  let harness: ProjectorsHarness;

  beforeAll(async () => {
    harness = await ProjectorsHarness.start({}, { consumers: fixture.registration });
  });
  afterAll(() => harness.stop());

  const page = async (query: string): Promise<Page> => {
    const response = await harness.get(`/parked?consumer=${STREAM_COUNTS}${query}`, OPERATOR_KEY);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const parkedIn = async (stream: string) => (await page(`&stream=${stream}`)).items;
  const countOf = (stream: string) => fixture.count(harness.db, stream);

  describe('given a handler failing on one event of a stream', () => {
    const poisoned = `${PING_PREFIX}${randomUUID()}`;
    const healthy = `${PING_PREFIX}${randomUUID()}`;

    beforeAll(async () => {
      fixture.faults.on = true;
      await harness.append(poisoned, [ping(1), ping(2, true), ping(3)]);
      await harness.append(healthy, [ping(1), ping(2)]);
      await eventually(
        async () => ((await parkedIn(poisoned)).length === 2 ? true : undefined),
        'two parked',
      );
    });

    it('lists it with its error, and the event behind it, while other streams go on', async () => {
      const [failed, behind] = await parkedIn(poisoned);
      expect(failed).toMatchObject({
        reason: 'handler-failed',
        error: expect.stringContaining('poisoned ping'),
        attempts: 5,
        data: { n: 2, poison: true },
      });
      expect(behind).toMatchObject({ reason: 'behind-parked', data: { n: 3 } });
      expect(
        await eventually(async () => ((await countOf(healthy)) === 2 ? 2 : undefined), 'the healthy stream'),
      ).toBe(2);
      expect(await countOf(poisoned)).toBe(1);
      const status = (await harness.get('/status', OPERATOR_KEY)).json().consumers[0];
      expect(status).toMatchObject({ consumer: STREAM_COUNTS, parked: 2 });
    });

    it('pages through them with a cursor', async () => {
      const first = await page('&limit=1');
      expect(first.items.map((p) => p.data.n)).toEqual([2]);
      const second = await page(`&limit=1&cursor=${first.nextCursor}`);
      expect(second.items.map((p) => p.data.n)).toEqual([3]);
      const third = await page(`&limit=1&cursor=${second.nextCursor}`);
      expect(third).toEqual({ items: [], nextCursor: null });
    });

    it('applies the stream in order once the fault is cleared and the operator retries', async () => {
      fixture.faults.on = false;
      const retried = await harness.post(`/parked/${STREAM_COUNTS}/${poisoned}/retry`, OPERATOR_KEY);
      expect(retried.statusCode).toBe(202);
      expect(retried.json()).toEqual({ consumer: STREAM_COUNTS, stream: poisoned, requested: 'retry' });
      await eventually(async () => ((await parkedIn(poisoned)).length === 0 ? true : undefined), 'the retry');
      expect(await countOf(poisoned)).toBe(3);
    });
  });

  it('skips the failing event when the operator says so, and applies the ones behind it', async () => {
    fixture.faults.on = true;
    const stream = `${PING_PREFIX}${randomUUID()}`;
    await harness.append(stream, [ping(1, true), ping(2), ping(3)]);
    await eventually(async () => ((await parkedIn(stream)).length === 3 ? true : undefined), 'three parked');

    expect((await harness.post(`/parked/${STREAM_COUNTS}/${stream}/skip`, OPERATOR_KEY)).statusCode).toBe(
      202,
    );
    await eventually(async () => ((await parkedIn(stream)).length === 0 ? true : undefined), 'the skip');
    expect(await countOf(stream)).toBe(2);
  });

  it('answers 404 for an unknown consumer or a stream with nothing parked', async () => {
    for (const [method, url] of [
      ['GET', '/parked?consumer=no-such-consumer'],
      ['POST', `/parked/no-such-consumer/${PING_PREFIX}x/retry`],
      ['POST', `/parked/${STREAM_COUNTS}/${PING_PREFIX}${randomUUID()}/retry`],
      ['POST', `/parked/${STREAM_COUNTS}/${PING_PREFIX}${randomUUID()}/skip`],
    ] as const) {
      const response =
        method === 'GET' ? await harness.get(url, OPERATOR_KEY) : await harness.post(url, OPERATOR_KEY);
      expect({ url, status: response.statusCode, type: response.headers['content-type'] }).toEqual({
        url,
        status: 404,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });

  it('answers 400 with field errors for a bad query', async () => {
    const response = await harness.get(
      `/parked?consumer=${STREAM_COUNTS}&limit=0&cursor=abc&extra=1`,
      OPERATOR_KEY,
    );
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(['cursor', 'extra', 'limit']);
    expect((await harness.get('/parked', OPERATOR_KEY)).statusCode).toBe(400);
  });

  it('is for operators only: 401 without a key, 403 without the role', async () => {
    const retry = `/parked/${STREAM_COUNTS}/${PING_PREFIX}x/retry`;
    expect((await harness.get(`/parked?consumer=${STREAM_COUNTS}`)).statusCode).toBe(401);
    expect((await harness.post(retry)).statusCode).toBe(401);
    expect((await harness.get(`/parked?consumer=${STREAM_COUNTS}`, ANALYST_KEY)).statusCode).toBe(403);
    const forbidden = await harness.post(retry, ANALYST_KEY);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
