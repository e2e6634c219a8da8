import { describe, expect, it } from 'vitest';
import { splitOwners } from '../../src/plan/markdown/tables.ts';

describe('splitOwners', () => {
  it('should split a cell of several owners on commas, slashes, ampersands and "and" in five languages', () => {
    expect(splitOwners('Ops, QA / Dev & SRE')).toEqual(['Ops', 'QA', 'Dev', 'SRE']);
    expect(splitOwners('@alice et @bob')).toEqual(['alice', 'bob']);
    expect(splitOwners('Backend und Frontend')).toEqual(['Backend', 'Frontend']);
  });

  it('should keep an owner glossed in brackets whole, whatever the brackets join', () => {
    expect(splitOwners('Technik (Agentur / Betrieb)')).toEqual(['Technik (Agentur / Betrieb)']);
    expect(splitOwners('PO (Produto e Negócio), QA')).toEqual(['PO (Produto e Negócio)', 'QA']);
  });

  it('should read blanks and bracketed requests to fill in as nobody', () => {
    for (const blank of [
      '____',
      'TBD',
      'à définir',
      '[AUSFÜLLEN]',
      '[Name and Contact]',
      '[Nom, contact]',
      '[FILL IN]',
    ])
      expect(splitOwners(blank), blank).toEqual([]);
  });

  it('should keep a bracketed role a template expects as the owner, without its brackets', () => {
    expect(splitOwners('[QA Lead]')).toEqual(['QA Lead']);
    expect(splitOwners('[Security Lead / Engineering Lead]')).toEqual(['Security Lead', 'Engineering Lead']);
  });
});
