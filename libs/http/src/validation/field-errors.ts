import type { ValidationError } from 'class-validator';
import type { FieldError } from '../problem-details/problem-details.js';

/**
 * class-validator's tree of errors → one `{field, message}` per invalid field, with dotted paths.
 * A field that breaks several rules gets one entry whose message names them all, so a client can
 * key its form errors by field.
 */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    const own = messages.length > 0 ? [{ field, message: messages.join('; ') }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
