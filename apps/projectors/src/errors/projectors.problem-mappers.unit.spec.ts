import { UnavailableError } from '@eventstore/db-client';
import { resolveProblem } from '@ledger/http';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { PROJECTORS_PROBLEM_MAPPERS } from './projectors.problem-mappers.js';

describe('projectors problems', () => {
  it('answers 503 when MongoDB or the event store cannot be reached', () => {
    const unavailable = new UnavailableError(
      Object.assign(new Error('no connection'), { code: 14 }) as never,
    );
    expect(resolveProblem(unavailable, PROJECTORS_PROBLEM_MAPPERS)).toMatchObject({
      status: 503,
      type: 'urn:ledger:problem:eventstore-unavailable',
    });
    expect(
      resolveProblem(new MongoNetworkError('connection reset'), PROJECTORS_PROBLEM_MAPPERS),
    ).toMatchObject({
      status: 503,
      type: 'urn:ledger:problem:mongodb-unavailable',
    });
  });

  it('leaves any other database error a 500 that says nothing of it', () => {
    const refused = new MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    expect(resolveProblem(refused, PROJECTORS_PROBLEM_MAPPERS)).toMatchObject({
      status: 500,
      detail: 'An unexpected error occurred.',
    });
  });
});
