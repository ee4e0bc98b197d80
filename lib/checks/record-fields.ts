/**
 * The field grammar that MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records share:
 *   record      = version 1*(field-delim field) [field-delim]
 *   field-delim = *WSP ";" *WSP
 *   field       = name "=" value
 *   ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 *   ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)   ; visible characters except "=" and ";"
 * Each record's own fields and wording stay in its parser; this only splits and checks syntax.
 */
export interface RecordField {
  name: string;
  value: string;
  /** The field as written, for error messages. */
  text: string;
}

export interface SplitRecord {
  /** The fields after the version tag (which each parser checks itself) that are name=value. */
  fields: RecordField[];
  /** How many fields the record has, the version included (a final ";" adds none). */
  count: number;
  /** Fields that are empty or not name=value. */
  errors: string[];
}

const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

const isWsp = (c: number) => c === 0x20 || c === 0x09;

/**
 * *WSP cut from both ends by index: `/[ \t]+$/` rescans a long run of blanks from each of its
 * positions (quadratic in the run), which one hostile TXT string can make 64 KiB long.
 */
export function trimWsp(f: string): string {
  let start = 0;
  let end = f.length;
  while (start < end && isWsp(f.charCodeAt(start))) start++;
  while (end > start && isWsp(f.charCodeAt(end - 1))) end--;
  return f.slice(start, end);
}

export function splitRecordFields(raw: string): SplitRecord {
  const parts = raw.split(';').map(trimWsp);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // one trailing delimiter is allowed
  const errors: string[] = [];
  const fields: RecordField[] = [];
  for (const text of parts.slice(1)) {
    if (text === '') {
      errors.push('empty field (two ";" in a row)');
      continue;
    }
    const eq = text.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${text.slice(0, 40)}" is not a name=value field`);
      continue;
    }
    fields.push({ name: text.slice(0, eq), value: text.slice(eq + 1), text });
  }
  return { fields, count: parts.length, errors };
}

/** Whether an unknown field is a well-formed extension (which a reader must then ignore). */
export function isExtensionField(f: RecordField): boolean {
  return EXT_NAME.test(f.name) && EXT_VALUE.test(f.value);
}
