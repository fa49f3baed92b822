// The hand-written web/convplay-elements.d.ts (self-contained, for package
// consumers) against the one event map of the source: it declares exactly the
// public events, each with the map's detail type (checked by the compiler).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PUBLIC_EVENTS } from '../../web/src/events/event-map';

const elementsDts = fileURLToPath(new URL('../../web/convplay-elements.d.ts', import.meta.url));
const eventMap = fileURLToPath(new URL('../../web/src/events/event-map.ts', import.meta.url));

/** The event names in the .d.ts's `declare global { interface HTMLElementEventMap }`. */
function declaredEvents(): string[] {
  const source = ts.createSourceFile(
    'convplay-elements.d.ts',
    readFileSync(elementsDts, 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'HTMLElementEventMap') {
      for (const m of node.members) names.push((m.name as ts.StringLiteral).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names.sort();
}

/** Compiles `code` together with the event map and the .d.ts; the compiler's complaints. */
function typeErrors(code: string): string[] {
  const checkFile = fileURLToPath(new URL('../../web/src/events/__dts-check.ts', import.meta.url));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === checkFile
      ? ts.createSourceFile(name, code, version)
      : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === checkFile || fileExists(name);
  const program = ts.createProgram([checkFile], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.text.split('\n')[line].trim()} — ${message}`;
  });
}

const withoutExtension = (file: string) => file.replace(/(\.d)?\.ts$/, '');

describe('convplay-elements.d.ts and the event map', () => {
  it('declares exactly the public events', () => {
    expect(declaredEvents()).toEqual([...PUBLIC_EVENTS].sort());
  });

  it("gives every public event the map's detail type", () => {
    const checks = PUBLIC_EVENTS.map(
      (name, i) =>
        `const same${i}: Same<EventMap['${name}'], DetailOf<HTMLElementEventMap['${name}']>> = true;`,
    );
    const code = `import type { EventMap } from ${JSON.stringify(withoutExtension(eventMap))};
import type {} from ${JSON.stringify(withoutExtension(elementsDts))};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DetailOf<E> = E extends CustomEvent<infer D> ? D : never;
${checks.join('\n')}
export {};
`;
    expect(typeErrors(code)).toEqual([]);
  });
});
