import { BadRequestException, HttpException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import {
  AlreadyExistsError,
  ConcurrencyError,
  IllegalStateError,
  InsufficientFundsError,
  NotFoundError,
  ValidationError,
} from '@ledger/domain';
import { RequestValidationException } from '../validation/request-validation.exception.js';
import { problem } from './problem-details.js';
import { resolveProblem } from './problem-resolver.js';

describe('resolveProblem', () => {
  it.each([
    [new ValidationError('bad', [{ field: 'amount', message: 'must be positive' }]), 400, 'validation'],
    [new NotFoundError('account', 'a1'), 404, 'not-found'],
    [new AlreadyExistsError('account', 'a1'), 409, 'already-exists'],
    [new IllegalStateError('frozen', 'account-frozen'), 422, 'account-frozen'],
    [new InsufficientFundsError('a1', 0, 10, 0), 422, 'insufficient-funds'],
    [new ConcurrencyError('account-a1', 1n, 2n), 409, 'concurrency'],
  ])('maps %s to %i', (error, status, slug) => {
    const mapped = resolveProblem(error);
    expect(mapped.status).toBe(status);
    expect(mapped.type).toBe(`urn:ledger:problem:${slug}`);
    expect(mapped.detail).toBe(error.message);
  });

  it('keeps the field errors of a domain ValidationError', () => {
    const fields = [{ field: 'toAccountId', message: 'must differ from fromAccountId' }];
    expect(resolveProblem(new ValidationError('same account', fields)).errors).toEqual(fields);
  });

  it('keeps the field errors of a request validation failure', () => {
    const fields = [{ field: 'amount', message: 'amount must be positive' }];
    expect(resolveProblem(new RequestValidationException(fields))).toMatchObject({
      status: 400,
      title: 'Invalid request',
      errors: fields,
    });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(resolveProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      detail: 'Cannot GET /x',
    });
    expect(resolveProblem(new UnauthorizedException('no key'))).toMatchObject({
      status: 401,
      title: 'Unauthorized',
    });
    expect(resolveProblem(new BadRequestException())).toMatchObject({ status: 400 });
  });

  it('maps Fastify body errors, bare or wrapped by Nest', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    const badJson = Object.assign(new Error('Body is not valid JSON'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(resolveProblem(tooLarge)).toMatchObject({
      status: 413,
      type: 'urn:ledger:problem:payload-too-large',
    });
    expect(resolveProblem(new HttpException(badJson.message, 400, { cause: badJson }))).toMatchObject({
      status: 400,
      type: 'urn:ledger:problem:malformed-json',
    });
  });

  it('hides unknown errors behind a 500', () => {
    const mapped = resolveProblem(new Error('connection string esdb://secret'));
    expect(mapped).toEqual(problem(500, 'internal', 'Internal error', 'An unexpected error occurred.'));
  });

  it('lets app mappers go first', () => {
    const teapot = problem(418, 'teapot', 'Teapot', 'short and stout');
    expect(resolveProblem(new NotFoundError('account', 'a'), [() => teapot])).toBe(teapot);
  });
});
