/**
 * The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1):
 *   sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
 *   sts-version = %s"v=STSv1"   sts-id = %s"id=" 1*32(ALPHA / DIGIT)
 * Pure: TXT strings in, typed record or the reasons it is invalid out.
 */
import { isExtensionField, splitRecordFields } from '../record-fields';

export type StsRecordParse =
  | { ok: true; raw: string; id: string; extensions: Record<string, string> }
  | { ok: false; raw: string; errors: string[]; id?: string };

/** Which TXT records at _mta-sts are candidates: the ones that start like an STS record. */
export function stsCandidates(txt: string[][]): string[] {
  // A record is the concatenation of its character-strings (RFC 7208 §3.3 style, as RFC 8461 implies).
  return txt.map((s) => s.join('')).filter((t) => /^\s*v\s*=\s*stsv1/i.test(t));
}

export function parseStsRecord(raw: string): StsRecordParse {
  const errors: string[] = [];
  if (!raw.startsWith('v=STSv1')) {
    errors.push(`the record must start with exactly "v=STSv1" (case-sensitive, no spaces), not "${raw.slice(0, 12)}"`);
  }
  const split = splitRecordFields(raw);
  if (split.count < 2) errors.push('fields must be separated by ";" (e.g. "v=STSv1; id=20240101T000000")');
  errors.push(...split.errors);
  let id: string | undefined;
  const extensions: Record<string, string> = {};
  const seen = new Set<string>();
  for (const field of split.fields) {
    const { name, value } = field;
    if (seen.has(name)) errors.push(`the field "${name}" appears more than once`);
    seen.add(name);
    if (name === 'id') {
      if (!/^[A-Za-z0-9]{1,32}$/.test(value)) errors.push(`id "${value.slice(0, 40)}" must be 1 to 32 letters and digits (no punctuation or spaces)`);
      else id ??= value;
    } else if (name === 'v') {
      errors.push('"v=" must come first, only once');
    } else if (!isExtensionField(field)) {
      errors.push(`"${field.text.slice(0, 40)}" is not a valid extension field`);
    } else {
      extensions[name] = value;
    }
  }
  if (!seen.has('id')) errors.push('the required "id=" field is missing');
  if (errors.length > 0) return { ok: false, raw, errors, ...(id ? { id } : {}) };
  return { ok: true, raw, id: id!, extensions };
}

/** A fresh policy id: the time of the change, which also tells the reader when it was made. */
export function newPolicyId(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}
