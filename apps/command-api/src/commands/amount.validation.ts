import { applyDecorators } from '@nestjs/common';
import { RequestValidationPipe } from '@ledger/http';
import { IsInt, Max, Min, ValidationError } from 'class-validator';

const AMOUNT_FIELDS = Symbol('ledger:amount-fields');
type WithAmountFields = { [AMOUNT_FIELDS]?: string[] };

/**
 * An integer number of minor units (positive, or ≥ 0 with allowZero). The configured
 * MAX_AMOUNT is checked by AmountLimitValidationPipe, which knows the app's settings.
 */
export function IsMinorUnits(options: { allowZero?: boolean } = {}): PropertyDecorator {
  const register: PropertyDecorator = (target, property) => {
    const owner = target as WithAmountFields;
    owner[AMOUNT_FIELDS] = [...(owner[AMOUNT_FIELDS] ?? []), String(property)];
  };
  return applyDecorators(
    IsInt({ message: '$property must be an integer number of minor units' }),
    Min(options.allowZero ? 0 : 1, {
      message: `$property must be ${options.allowZero ? 'zero or more' : 'positive'}`,
    }),
    Max(Number.MAX_SAFE_INTEGER, { message: '$property must be a safe integer' }),
    register,
  );
}

/** The strict validation pipe plus the configured maximum amount. */
export class AmountLimitValidationPipe extends RequestValidationPipe {
  constructor(private readonly maxAmount: number) {
    super();
  }

  protected override async validate(object: object, options?: object): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const fields = (Object.getPrototypeOf(object) as WithAmountFields)[AMOUNT_FIELDS] ?? [];
    for (const field of fields) {
      const value = (object as Record<string, unknown>)[field];
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= this.maxAmount) continue;
      errors.push(
        Object.assign(new ValidationError(), {
          property: field,
          constraints: { maxAmount: `${field} must not exceed ${this.maxAmount}` },
          children: [],
        }),
      );
    }
    return errors;
  }
}
