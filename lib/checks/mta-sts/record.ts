/**
 * The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1):
 *   sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
 *   sts-version = %s"v=STSv1"   sts-id = %s"id=" 1*32(ALPHA / DIGIT)
 * Pure: TXT strings in, typed record or the reasons it is invalid out.
 */
export type StsRecordParse =
  | { ok: true; raw: string; id: string; extensions: Record<string, string> }
  | { ok: false; raw: string; errors: string[]; id?: string };

const FIELD_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// RFC 8461 §3.1 sts-ext-value: visible characters except "=" and ";".
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

/** Which TXT records at _mta-sts are candidates: the ones that start like an STS record. */
export function stsCandidates(txt: string[][]): string[] {
  // A record is the concatenation of its character-strings (RFC 7208 §3.3 style, as RFC 8461 implies).
  return txt.map((s) => s.join('')).filter((t) => /^\s*v\s*=\s*stsv1/i.test(t));
}

export function parseStsRecord(raw: string): StsRecordParse {
  const errors: string[] = [];
  const text = raw;
  if (!text.startsWith('v=STSv1')) {
    errors.push(`the record must start with exactly "v=STSv1" (case-sensitive, no spaces), not "${text.slice(0, 12)}"`);
  }
  const fields = text.split(';').map((f) => f.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (fields.length > 1 && fields[fields.length - 1] === '') fields.pop(); // one trailing delimiter is allowed
  if (fields.length < 2) errors.push('fields must be separated by ";" (e.g. "v=STSv1; id=20240101T000000")');
  let id: string | undefined;
  const extensions: Record<string, string> = {};
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    if (field === '') {
      errors.push('empty field (two ";" in a row)');
      return;
    }
    const eq = field.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${field.slice(0, 40)}" is not a name=value field`);
      return;
    }
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    if (i === 0) return; // the version, checked above
    if (seen.has(name)) errors.push(`the field "${name}" appears more than once`);
    seen.add(name);
    if (name === 'id') {
      if (!/^[A-Za-z0-9]{1,32}$/.test(value)) errors.push(`id "${value.slice(0, 40)}" must be 1 to 32 letters and digits (no punctuation or spaces)`);
      else id ??= value;
    } else if (name === 'v') {
      errors.push('"v=" must come first, only once');
    } else if (!FIELD_NAME.test(name) || !EXT_VALUE.test(value)) {
      errors.push(`"${field.slice(0, 40)}" is not a valid extension field`);
    } else {
      extensions[name] = value;
    }
  });
  if (!seen.has('id')) errors.push('the required "id=" field is missing');
  if (errors.length > 0) return { ok: false, raw, errors, ...(id ? { id } : {}) };
  return { ok: true, raw, id: id!, extensions };
}

/** A fresh policy id: the time of the change, which also tells the reader when it was made. */
export function newPolicyId(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}
