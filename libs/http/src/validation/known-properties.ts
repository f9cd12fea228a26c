import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { FieldError } from '../problem-details/problem-details.js';

/** Each property a DTO declares (any class-validator decorator), with its nested DTO class if any. */
type KnownProperties = ReadonlyMap<string, DtoClass | undefined>;
type DtoClass = Type<unknown>;

const knownByDto = new WeakMap<DtoClass, KnownProperties>();

/**
 * The plain value's own keys that the DTO does not declare, whatever their name, at any depth
 * of nested DTOs (a nested property is `@ValidateNested()` with its class as its declared type).
 * Arrays of nested DTOs would need class-transformer's @Type, which has no public reader: no DTO
 * has one yet, and class-validator's forbidNonWhitelisted still sees their ordinary names.
 */
export function unknownFields(value: unknown, dto: DtoClass): FieldError[] {
  const unknown: FieldError[] = [];
  const pending: { value: unknown; dto: DtoClass; path: string }[] = [{ value, dto, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null || Array.isArray(next.value)) continue;
    const known = knownProperties(next.dto);
    for (const [key, child] of Object.entries(next.value)) {
      const field = next.path === '' ? key : `${next.path}.${key}`;
      if (!known.has(key)) unknown.push({ field, message: `property ${key} should not exist` });
      const nested = known.get(key);
      if (nested) pending.push({ value: child, dto: nested, path: field });
    }
  }
  return unknown;
}

function knownProperties(dto: DtoClass): KnownProperties {
  const cached = knownByDto.get(dto);
  if (cached) return cached;
  const known = new Map<string, DtoClass | undefined>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false)) {
    const { propertyName } = metadata;
    const nested =
      metadata.type === ValidationTypes.NESTED_VALIDATION ? nestedDto(dto, propertyName) : undefined;
    known.set(propertyName, nested ?? known.get(propertyName));
  }
  knownByDto.set(dto, known);
  return known;
}

function nestedDto(dto: DtoClass, propertyName: string): DtoClass | undefined {
  const type: unknown = Reflect.getMetadata('design:type', dto.prototype as object, propertyName);
  return typeof type === 'function' && type !== Array && type !== Object ? (type as DtoClass) : undefined;
}
