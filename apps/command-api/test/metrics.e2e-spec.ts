import { randomUUID } from 'node:crypto';
import { CommandApiHarness } from './command-api.harness.js';

describe('GET /metrics', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  const scrape = async () => {
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  };

  it('counts commands by outcome, times appends and answers by route and status, without a key', async () => {
    const accountId = await api.openAccount();
    await api.post(`/accounts/${accountId}/withdrawals`, { amount: 5 }); // overdraft limit 0: 422
    await api.post(`/accounts/${randomUUID()}/deposits`, { amount: 5 }); // unknown account: 404
    const body = await scrape();
    expect(body).toMatch(/^ledger_commands_total\{route="\/accounts",outcome="accepted"\} 1$/m);
    expect(body).toMatch(
      /^ledger_commands_total\{route="\/accounts\/:id\/withdrawals",outcome="rejected"\} 1$/m,
    );
    expect(body).toMatch(
      /^ledger_commands_total\{route="\/accounts\/:id\/deposits",outcome="not_found"\} 1$/m,
    );
    expect(body).toMatch(/^ledger_event_append_duration_seconds_count\{result="ok"\} 1$/m);
    expect(body).toMatch(
      /^ledger_http_request_duration_seconds_count\{method="POST",route="\/accounts\/:id\/withdrawals",status="422"\} 1$/m,
    );
    expect(body).toMatch(/^ledger_process_resident_memory_bytes \d+/m);
  });

  it('keeps each app’s figures apart (two apps in one process)', async () => {
    const copy = await api.startCopy();
    try {
      const body = (await copy.inject({ method: 'GET', url: '/metrics' })).body;
      expect(body).not.toMatch(/^ledger_commands_total\{/m);
    } finally {
      await copy.close();
    }
  });
});
