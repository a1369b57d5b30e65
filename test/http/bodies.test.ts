import { parseForm } from '../../src/http/bodies';

describe('form bodies', () => {
  it('keep each field under the name it was sent with', () => {
    expect(parseForm('Body=hi+there&AddOns%5Bstatus%5D=ok&a[b][c]=d')).toEqual({
      Body: 'hi there',
      'AddOns[status]': 'ok',
      'a[b][c]': 'd',
    });
  });

  it('decode percent escapes and keep a malformed one as it is', () => {
    expect(parseForm('Body=%C2%BFCu%C3%A1nto%3F%20%F0%9F%98%80&Bad=100%')).toEqual({
      Body: '¿Cuánto? 😀',
      Bad: '100%',
    });
  });

  it('give a repeated name the list of its values, in order', () => {
    expect(parseForm('MediaUrl=a&MediaUrl=b&MediaUrl=c&Body=x')).toEqual({
      MediaUrl: ['a', 'b', 'c'],
      Body: 'x',
    });
  });

  it('take names like __proto__ and constructor as plain fields', () => {
    const fields = parseForm('__proto__=x&constructor=y&toString=z');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(fields.toString).toBe('z');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
