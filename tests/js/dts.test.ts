// The hand-written web/convplay.d.ts against the running engine: every
// declared member exists and every member of the objects is declared.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from '../../web/src/index';

const source = ts.createSourceFile(
  'convplay.d.ts',
  readFileSync(new URL('../../web/convplay.d.ts', import.meta.url), 'utf8'),
  ts.ScriptTarget.ES2022,
);

function declaredMembers(name: string): string[] {
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      return statement.members.map((m) => (m.name as ts.Identifier).text).sort();
    }
  }
  throw new Error(`no interface ${name} in convplay.d.ts`);
}

function declaredExports(): string[] {
  const names: string[] = [];
  for (const s of source.statements) {
    const exported = ts
      .getModifiers(s as ts.HasModifiers)
      ?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name)
      names.push(s.name.text);
  }
  return names.sort();
}

describe('convplay.d.ts', () => {
  it('declares exactly the runtime exports', () => {
    expect(declaredExports()).toEqual(Object.keys(api).sort());
  });

  it('declares exactly the members of Engine and Model', async () => {
    const engine = await api.createEngine();
    expect(declaredMembers('Engine')).toEqual(Object.keys(engine).sort());
    const model = engine.load('nn.ReLU()', [2]);
    expect(declaredMembers('Model')).toEqual(Object.keys(model).sort());
    expect(declaredMembers('RunResult')).toEqual(Object.keys(model.run()).sort());
    expect(declaredMembers('ForwardResult')).toEqual(Object.keys(model.run().copy()).sort());
    model.delete();
  });

  it('declares the fields of a ConvPlayError', () => {
    const e = new api.ConvPlayError({
      layer: 2,
      kind: 'ValueError',
      message: 'm',
      hint: 'h',
      line: 1,
      column: 3,
    });
    for (const field of ['layer', 'kind', 'hint', 'line', 'column'])
      expect(e).toHaveProperty(field);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ConvPlayError');
  });
});
