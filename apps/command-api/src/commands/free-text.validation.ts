import { applyDecorators } from '@nestjs/common';
import { IsString, Length, ValidateBy, type ValidationArguments } from 'class-validator';

/**
 * Control characters (Unicode Cc: C0, DEL, C1), line and paragraph separators, and bidi
 * embeddings, overrides and isolates: they break CSV rows and log lines downstream, or make a
 * reference read differently from what it holds.
 */
const REFUSED = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

const REFUSED_DESCRIPTION =
  'control characters (Unicode Cc, tabs and line breaks included), the line and paragraph ' +
  'separators U+2028 and U+2029, and the bidirectional controls U+202A–U+202E and U+2066–U+2069 ' +
  'are refused';

/** A string of 1 to `max` UTF-16 units, free text that reaches exports and logs as written. */
export function IsFreeText(options: { max: number }): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(1, options.max),
    ValidateBy({
      name: 'isFreeText',
      validator: {
        // Types and lengths have their own messages; this rule speaks of characters only.
        validate: (value: unknown) => typeof value !== 'string' || !REFUSED.test(value),
        defaultMessage: ({ property, value }: ValidationArguments) =>
          `${property} contains ${codePointOf(value)}: ${REFUSED_DESCRIPTION}`,
      },
    }),
  );
}

function codePointOf(value: unknown): string {
  const found = typeof value === 'string' ? REFUSED.exec(value)?.[0].codePointAt(0) : undefined;
  return found === undefined
    ? 'a refused character'
    : `U+${found.toString(16).toUpperCase().padStart(4, '0')}`;
}
