import { ValidationError } from 'class-validator';
import { toFieldErrors } from './field-errors.js';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []) =>
  Object.assign(new ValidationError(), { property, constraints, children });

describe('toFieldErrors', () => {
  it('flattens nested errors into dotted fields, one entry per field with every broken rule', () => {
    const errors = [
      error('amount', { isInt: 'amount must be an integer', min: 'amount must be positive' }),
      error('owner', undefined, [error('id', { isUuid: 'id must be a UUID' })]),
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'amount', message: 'amount must be an integer; amount must be positive' },
      { field: 'owner.id', message: 'id must be a UUID' },
    ]);
  });
});
