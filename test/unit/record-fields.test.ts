import { describe, expect, it } from 'vitest';
import { isExtensionField, splitRecordFields } from '@/lib/checks/record-fields';

describe('MTA-STS / TLS-RPT field splitting (RFC 8461 §3.1, RFC 8460 §3)', () => {
  it('splits on ";" with spaces or tabs around it, and allows one final ";"', () => {
    const r = splitRecordFields('v=STSv1 ;\tid=abc ;  ext=x;');
    expect(r.errors).toEqual([]);
    expect(r.count).toBe(3);
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([['id', 'abc'], ['ext', 'x']]);
  });

  it('reports an empty field and a field without a name', () => {
    const r = splitRecordFields('v=TLSRPTv1;; =x; rua');
    expect(r.errors).toEqual(['empty field (two ";" in a row)', '"=x" is not a name=value field', '"rua" is not a name=value field']);
    expect(r.fields).toEqual([]);
  });

  it('keeps "=" inside a value with the value (the extension check then refuses it)', () => {
    const [f] = splitRecordFields('v=STSv1; a=b=c').fields;
    expect(f).toEqual({ name: 'a', value: 'b=c', text: 'a=b=c' });
    expect(isExtensionField(f!)).toBe(false);
  });

  it('counts a record without any ";" as one field', () => {
    expect(splitRecordFields('v=STSv1 id=1').count).toBe(1);
  });

  it('accepts extension names of up to 32 characters that start with a letter or digit', () => {
    const field = (name: string, value = 'v') => ({ name, value, text: `${name}=${value}` });
    expect(isExtensionField(field('a'.repeat(32)))).toBe(true);
    expect(isExtensionField(field('a'.repeat(33)))).toBe(false);
    expect(isExtensionField(field('_x'))).toBe(false);
    expect(isExtensionField(field('x.y-z_1'))).toBe(true);
    expect(isExtensionField(field('x', 'has space'))).toBe(false);
    expect(isExtensionField(field('x', ''))).toBe(false);
  });
});
