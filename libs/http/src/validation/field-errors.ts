import type { ValidationError } from 'class-validator';
import type { FieldError } from '../problem-details/problem-details.js';

/** class-validator's tree of errors → flat `{field, message}` list with dotted paths. */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
