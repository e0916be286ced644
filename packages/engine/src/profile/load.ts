import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTag, tagForKeyword } from '@deid-share/dicom';
import type { LoadedProfile, Profile } from './profile.js';
import { validate as validateSchemaGenerated } from '../generated/validate-profile.js';
import { ineffectiveWhitelistEntries } from '../rules/whitelist-effect.js';

/** Built-in profiles ship with the engine as data files, versioned with the code. */
export const BUILTIN_PROFILE_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));

interface SchemaValidator {
  (data: unknown): data is Profile;
  errors?: { instancePath: string; message?: string }[] | null;
}
/** PROFILE_SCHEMA (schema.ts), compiled at build time. */
const validateSchema = validateSchemaGenerated as SchemaValidator;

export class ProfileError extends Error {
  constructor(source: string, problem: string) {
    super(`profile ${source}: ${problem}`);
    this.name = 'ProfileError';
  }
}

/** Checks that JSON schema cannot express: consistent options, a sensible shift range, resolvable tags. */
function checkSemantics(profile: Profile, source: string): void {
  const fail = (problem: string): never => {
    throw new ProfileError(source, problem);
  };
  if (profile.options.includes('retain-longitudinal-full-dates') && profile.options.includes('retain-longitudinal-modified-dates')) {
    fail('options retain-longitudinal-full-dates and retain-longitudinal-modified-dates exclude each other: choose one');
  }
  const range = profile.dates.shiftDays;
  if (profile.dates.cleaning === 'shift' && !range) fail('dates.cleaning is "shift" but dates.shiftDays { min, max } is missing');
  if (range && (range.min > range.max || (range.min === 0 && range.max === 0))) {
    fail(`dates.shiftDays ${range.min}..${range.max} is empty or only 0: give a range of days that excludes nothing but 0`);
  }
  if (profile.dates.cleaning === 'fixed' && !profile.dates.fixedDate) fail('dates.cleaning is "fixed" but dates.fixedDate (YYYYMMDD) is missing');
  for (const name of profile.secondStage?.keep ?? []) {
    if (!name.startsWith('(') && tagForKeyword(name) === undefined) fail(`secondStage.keep names "${name}", which is not a DICOM keyword`);
  }
  for (const override of profile.overrides ?? []) parseTag(override.tag);
  for (const { entry, why } of ineffectiveWhitelistEntries(profile)) {
    fail(`secondStage.keep names ${entry}, which it cannot keep: ${why}. Remove the entry, or add an override (K or C) if the value should leave`);
  }
}

export function parseProfile(text: string, source: string): LoadedProfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(source, `is not valid JSON: ${(error as Error).message}`);
  }
  if (!validateSchema(data)) {
    const problems = (validateSchema.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
    throw new ProfileError(source, `does not match the profile schema: ${problems}`);
  }
  const profile: Profile = { ...data, overrides: data.overrides ?? [] };
  checkSemantics(profile, source);
  return { profile, sha256: createHash('sha256').update(text).digest('hex'), source };
}

export function builtinProfileIds(): string[] {
  return readdirSync(BUILTIN_PROFILE_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => basename(name, '.json'))
    .sort();
}

/** Loads a built-in profile by id, or a profile file by path. */
export function loadProfile(idOrPath: string): LoadedProfile {
  const builtin = join(BUILTIN_PROFILE_DIR, `${idOrPath}.json`);
  if (existsSync(builtin)) return parseProfile(readFileSync(builtin, 'utf8'), `${idOrPath} (built-in)`);
  if (existsSync(idOrPath)) return parseProfile(readFileSync(idOrPath, 'utf8'), idOrPath);
  throw new ProfileError(idOrPath, `no such built-in profile or file; built-in profiles: ${builtinProfileIds().join(', ')}`);
}
