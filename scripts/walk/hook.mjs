// Module hooks for `npm run walk`: every TypeScript file under the traced tree's src/ is
// transpiled here (no tsx) with one line added at the start of each function body, which tells
// the walk which function of which file runs. Everything else loads as usual.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

let sources = '';

/** @param {{ sources: string }} data the absolute path of the src/ folder to trace */
export function initialize(data) {
  sources = data.sources;
}

/** The name a reader would give a function: its own, its variable's, its property's, or `(anonymous)`. */
function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return '(anonymous)';
}

function instrument(file) {
  return (context) => {
    const { factory } = context;
    const call = (node, sourceFile) =>
      factory.createExpressionStatement(
        factory.createCallChain(
          factory.createPropertyAccessExpression(factory.createIdentifier('globalThis'), '__walk'),
          factory.createToken(ts.SyntaxKind.QuestionDotToken),
          undefined,
          [
            factory.createStringLiteral(file),
            factory.createStringLiteral(nameOf(node)),
            factory.createNumericLiteral(sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1),
          ],
        ),
      );
    return (sourceFile) => {
      const visit = (node) => {
        const visited = ts.visitEachChild(node, visit, context);
        const owner = node.parent;
        // A function's body block gets the note first. A constructor may call super() first: none.
        if (ts.isBlock(node) && owner && ts.isFunctionLike(owner) && owner.body === node)
          return ts.isConstructorDeclaration(owner)
            ? visited
            : factory.updateBlock(visited, [call(owner, sourceFile), ...visited.statements]);
        // An arrow function with an expression body gets a block: the note, then the expression returned.
        if (ts.isArrowFunction(node) && !ts.isBlock(node.body))
          return factory.updateArrowFunction(
            visited,
            visited.modifiers,
            visited.typeParameters,
            visited.parameters,
            visited.type,
            visited.equalsGreaterThanToken,
            factory.createBlock([call(node, sourceFile), factory.createReturnStatement(visited.body)], true),
          );
        return visited;
      };
      return ts.visitNode(sourceFile, visit);
    };
  };
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  if (!path.startsWith(`${sources}/`)) return nextLoad(url, context);
  const source = await readFile(path, 'utf8');
  const output = ts.transpileModule(source, {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    transformers: { before: [instrument(relative(sources, path))] },
  });
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
