import net from 'node:net';
import { BSON, Long, MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';
import { startMongoServer, type EmbeddedMongoServer } from './index.js';

/** A bare socket speaking the wire protocol, to send what the driver never would. */
class RawConnection {
  private buffered = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true); // so each write leaves as its own packet
    socket.on('data', (d) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next whole reply: opCode and its (first) document. */
  async reply(timeoutMs = 5000): Promise<{ opCode: number; responseTo: number; doc: Document }> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffered.length < 4 || this.buffered.length < this.buffered.readInt32LE(0)) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no reply');
      // Woken by data or close; the timer only ends the wait at the deadline.
      await new Promise<void>((r) => {
        const timer = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
    const len = this.buffered.readInt32LE(0);
    const frame = this.buffered.subarray(0, len);
    this.buffered = this.buffered.subarray(len);
    const opCode = frame.readInt32LE(12);
    const docAt = opCode === 1 ? 36 : 21;
    return { opCode, responseTo: frame.readInt32LE(8), doc: BSON.deserialize(frame.subarray(docAt)) };
  }

  async waitClosed(): Promise<boolean> {
    const deadline = Date.now() + 5000;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(
  requestId: number,
  body: Document,
  options: { flags?: number; sequence?: [string, Document[]] } = {},
): Buffer {
  const parts: Uint8Array[] = [Buffer.from([0]), BSON.serialize(body)];
  if (options.sequence) {
    const [id, docs] = options.sequence;
    const payload = Buffer.concat([Buffer.from(id + '\0'), ...docs.map((d) => BSON.serialize(d))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + payload.length);
    parts.push(Buffer.from([1]), size, payload);
  }
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(options.flags ?? 0);
  if ((options.flags ?? 0) & 1) parts.push(Buffer.alloc(4));
  const body2 = Buffer.concat([flags, ...parts]);
  return Buffer.concat([header(16 + body2.length, requestId, 2013), body2]);
}

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const rest = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(collection + '\0'),
    Buffer.alloc(4),
    Buffer.from([0xff, 0xff, 0xff, 0xff]),
    BSON.serialize(query),
  ]);
  return Buffer.concat([header(16 + rest.length, requestId, 2004), rest]);
}

describe('embedded MongoDB: wire framing and bad input', () => {
  const mongo = mongoForDriverTests('wire', { maxPoolSize: 2 });

  it('answers an OP_QUERY handshake with OP_REPLY, as a standalone without topologyVersion', async () => {
    const raw = await RawConnection.open(mongo.server.port);
    raw.send(opQuery(7, 'admin.$cmd', { $query: { isMaster: 1, helloOk: true } }));
    const r = await raw.reply();
    expect(r.opCode).toBe(1);
    expect(r.responseTo).toBe(7);
    expect(r.doc).toMatchObject({ ok: 1, ismaster: true, isWritablePrimary: true, maxWireVersion: 21 });
    expect(r.doc.topologyVersion).toBeUndefined();
    expect(r.doc.setName).toBeUndefined();
    raw.close();
  });

  it('serves a driver that declares a server API (its handshake comes as OP_MSG hello)', async () => {
    const versioned = await new MongoClient(mongo.server.uri, { serverApi: '1' }).connect();
    try {
      const c = versioned.db('wire').collection('versioned');
      await c.insertOne({ v: 1 });
      expect(await c.findOne({}, { projection: { _id: 0 } })).toEqual({ v: 1 });
    } finally {
      await versioned.close();
    }
  });

  it('reads a message split across packets and several messages in one packet', async () => {
    const raw = await RawConnection.open(mongo.server.port);
    const msg = opMsg(
      1,
      { insert: 'split', $db: 'wire' },
      { sequence: ['documents', [{ _id: 1 }, { _id: 2 }]] },
    );
    for (const cut of [3, 10, 30]) {
      raw.send(Buffer.from(msg.subarray(0, cut)));
      await new Promise((r) => setImmediate(r));
      raw.send(Buffer.from(msg.subarray(cut)));
      const r = await raw.reply();
      expect(r.responseTo).toBe(1);
      if (cut === 3) expect(r.doc).toMatchObject({ ok: 1, n: 2 });
      else expect(r.doc.writeErrors?.[0]?.code).toBe(11000);
    }
    raw.send(Buffer.concat([opMsg(2, { ping: 1, $db: 'admin' }), opMsg(3, { count: 'split', $db: 'wire' })]));
    expect((await raw.reply()).responseTo).toBe(2);
    expect(await raw.reply()).toMatchObject({ responseTo: 3, doc: { n: 2, ok: 1 } });
    raw.close();
  });

  it('runs moreToCome writes without replying and accepts the checksum flag', async () => {
    const raw = await RawConnection.open(mongo.server.port);
    raw.send(
      opMsg(1, { insert: 'fire', $db: 'wire', documents: [{ x: 1 }], writeConcern: { w: 0 } }, { flags: 2 }),
    );
    raw.send(opMsg(2, { count: 'fire', $db: 'wire' }, { flags: 1 }));
    expect(await raw.reply()).toMatchObject({ responseTo: 2, doc: { n: 1 } });
    raw.close();
  });

  it.each([
    ['a length below the header size', Buffer.from([8, 0, 0, 0, 1, 2, 3, 4])],
    ['a length over 48 MB', header(48_000_001, 1, 2013)],
    ['an unknown opcode', Buffer.concat([header(20, 1, 9999), Buffer.alloc(4)])],
    [
      'a body that is not BSON',
      Buffer.concat([
        header(30, 1, 2013),
        Buffer.alloc(4),
        Buffer.from([0]),
        Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5]),
      ]),
    ],
  ])('closes only the connection that sent %s', async (_name, bytes) => {
    const bystander = await RawConnection.open(mongo.server.port);
    const bad = await RawConnection.open(mongo.server.port);
    bad.send(bytes);
    expect(await bad.waitClosed()).toBe(true);
    bystander.send(opMsg(5, { ping: 1, $db: 'admin' }));
    expect((await bystander.reply()).doc.ok).toBe(1);
    bystander.close();
    expect(await mongo.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('rejects a document over 16 MiB with BSONObjectTooLarge (10334)', async () => {
    const raw = await RawConnection.open(mongo.server.port);
    const big = { _id: 'big', s: 'x'.repeat(16 * 1024 * 1024) };
    raw.send(
      opMsg(9, { insert: 'large', $db: 'wire' }, { sequence: ['documents', [{ _id: 'small' }, big]] }),
    );
    const r = await raw.reply(25_000);
    expect(r.doc.n).toBe(1);
    expect(r.doc.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 10334 })]);
    raw.close();
    expect(await mongo.client.db('wire').collection('large').countDocuments()).toBe(1);
  }, 30_000); // a 16 MiB message to build, frame and parse: seconds on a loaded 2-core machine

  it('a client dropping mid-message leaves the server serving others', async () => {
    const raw = await RawConnection.open(mongo.server.port);
    raw.send(Buffer.from(opMsg(1, { ping: 1, $db: 'admin' }).subarray(0, 12)));
    raw.close();
    expect(await mongo.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});

describe('embedded MongoDB: sessions, server commands and cursors through the driver', () => {
  let server: EmbeddedMongoServer;

  beforeAll(async () => {
    server = await startMongoServer({ port: 0, memory: true, cursorTimeoutMs: 300 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('accepts lsid on every command and endSessions when the client closes', async () => {
    const client = new MongoClient(server.uri, { monitorCommands: true });
    const started: CommandStartedEvent[] = [];
    const succeeded: string[] = [];
    client.on('commandStarted', (e) => started.push(e));
    client.on('commandSucceeded', (e) => succeeded.push(e.commandName));
    await client.connect();
    const session = client.startSession();
    const c = client.db('sessions').collection('c');
    await c.insertOne({ a: 1 }, { session });
    expect(await c.findOne({}, { session, projection: { _id: 0 } })).toEqual({ a: 1 });
    await session.endSession();
    await client.close();
    const writes = started.filter((e) => e.commandName === 'insert' || e.commandName === 'find');
    expect(writes).toHaveLength(2);
    expect(writes.every((e) => e.command.lsid !== undefined)).toBe(true);
    expect(succeeded).toContain('endSessions');
  });

  it('answers buildinfo, getParameter and serverStatus as the driver and tools ask for them', async () => {
    const client = await new MongoClient(server.uri).connect();
    try {
      const admin = client.db('admin').admin();
      expect((await admin.buildInfo()).versionArray).toEqual([7, 0, 0, 0]);
      expect(await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 })).toMatchObject({
        featureCompatibilityVersion: { version: '7.0' },
      });
      expect((await admin.serverStatus()).metrics.cursor).toMatchObject({ open: { total: 0 } });
    } finally {
      await client.close();
    }
  });

  it('hands out cursor ids as int64 and reports what killCursors killed', async () => {
    const client = await new MongoClient(server.uri).connect();
    try {
      const db = client.db('cursors');
      await db.collection('ids').insertMany([{ i: 1 }, { i: 2 }, { i: 3 }]);
      const opened = await db.command({ find: 'ids', batchSize: 1 }, { promoteLongs: false });
      expect(opened.cursor.id).toBeInstanceOf(Long);
      expect(opened.cursor.id.isZero()).toBe(false);
      const killed = await db.command(
        { killCursors: 'ids', cursors: [opened.cursor.id, Long.fromNumber(12345)] },
        { promoteLongs: false },
      );
      expect(killed).toMatchObject({
        cursorsKilled: [opened.cursor.id],
        cursorsNotFound: [Long.fromNumber(12345)],
        ok: 1,
      });
    } finally {
      await client.close();
    }
  });

  it('drops a cursor left idle past the timeout, except one opened with noCursorTimeout', async () => {
    const client = await new MongoClient(server.uri).connect();
    try {
      const c = client.db('cursors').collection('idle');
      await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
      const idle = c.find({}, { batchSize: 2 });
      const kept = c.find({}, { batchSize: 2, noCursorTimeout: true });
      expect((await idle.next())!.i).toBe(0);
      expect((await kept.next())!.i).toBe(0);
      const admin = client.db('admin').admin();
      const deadline = Date.now() + 10_000;
      while ((await admin.serverStatus()).metrics.cursor.timedOut < 1) {
        if (Date.now() > deadline) throw new Error('the idle cursor never timed out');
        await new Promise((r) => setTimeout(r, 50)); // poll interval, bounded by the deadline
      }
      const rest = await idle.toArray().catch((e: { code: number }) => e.code);
      expect(rest).toBe(43);
      expect((await kept.toArray()).map((d) => d.i)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await client.close();
    }
  });
});
