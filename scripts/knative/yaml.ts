import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/** YAML the way the generated manifests are written: no folded lines, documents separated by `---`. */
export function toYaml(documents: object[], header: string[]): string {
  const comment = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  const body = documents.map((document) => YAML.stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
  return `${comment}\n${body}`;
}

/** Every document of a YAML file, parsed strictly (duplicate keys and syntax errors throw). */
export function readYamlDocuments(file: string): unknown[] {
  const documents = YAML.parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const parsed: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
    const value = document.toJS();
    if (value !== null && value !== undefined) parsed.push(value);
  }
  return parsed;
}
