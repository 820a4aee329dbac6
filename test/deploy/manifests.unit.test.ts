// Every manifest under knative/ is valid Kubernetes: it parses, each document matches its kind's schema
// (kubernetes-models, @kubernetes-models/knative and /gateway-api; the CRD schemas of
// scripts/knative/crds.ts for kinds without a model package), carries no field its kind does not have,
// passes Knative's own admission rules, and the overlays render to the same.
import path from 'node:path';
import { readYamlDocuments } from '../../scripts/knative/yaml';
import {
  baseResources,
  filesUnder,
  idOf,
  kindOf,
  knativeDir,
  knativeRuleErrors,
  kustomizations,
  type Located,
  type Manifest,
  metadataErrors,
  render,
  root,
  schemaErrors,
  unknownFieldErrors,
} from './support';

const overlays = ['knative/overlays/dev', 'knative/overlays/prod'];

function documentErrors(documents: Located[]): string[] {
  return documents.flatMap(({ file, doc }) =>
    [...schemaErrors(doc), ...metadataErrors(doc), ...(kindOf(doc) === 'serving.knative.dev/v1/Service' ? knativeRuleErrors(doc) : [])].map(
      (error) => `${file} ${idOf(doc)}: ${error}`,
    ),
  );
}

describe('manifests under knative/', () => {
  const yamlFiles = filesUnder(knativeDir).filter((file) => /\.ya?ml$/.test(file));

  it('are YAML files only, and every one parses strictly (no syntax errors, no duplicate keys)', () => {
    expect(filesUnder(knativeDir).filter((file) => !/\.ya?ml$/.test(file))).toEqual([]);
    for (const file of yamlFiles) expect(() => readYamlDocuments(path.join(root, file))).not.toThrow();
  });

  it('are each part of a kustomization, as a resource or a patch, and every path a kustomization names exists', () => {
    const all = kustomizations();
    const referenced = new Set(all.flatMap((kustomization) => [...kustomization.resources, ...kustomization.patches.map((patch) => patch.path)]));
    const unreferenced = yamlFiles.filter((file) => path.basename(file) !== 'kustomization.yaml' && !referenced.has(file));
    expect(unreferenced).toEqual([]);
    const missing = [...referenced].filter((entry) => !yamlFiles.includes(entry) && !all.some((kustomization) => kustomization.dir === entry));
    expect(missing).toEqual([]);
  });

  it('assemble the base from infra, functions, eventing and gateway, and each overlay from the same components', () => {
    const components = ['knative/infra', 'knative/functions', 'knative/eventing', 'knative/gateway'];
    const byDir = new Map(kustomizations().map((kustomization) => [kustomization.dir, kustomization]));
    expect(byDir.get('knative')!.resources).toEqual(components);
    for (const overlay of overlays) expect(byDir.get(overlay)!.resources.filter((entry) => entry.startsWith('knative/') && !entry.startsWith(overlay))).toEqual(components);
  });

  it('validate against their schemas: Kubernetes, Knative and Gateway API models, and the CRD schemas of the operators', () => {
    const documents = baseResources();
    expect(documents.length).toBeGreaterThan(30);
    expect(documentErrors(documents)).toEqual([]);
  });

  it('set no field their kind does not define (strict field validation, via the models’ TypeScript types)', () => {
    expect(unknownFieldErrors(baseResources())).toEqual([]);
  });

  it('name each object once', () => {
    const ids = baseResources().map(({ doc }) => idOf(doc));
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('patch only objects the base has, and overlay resources are whole, valid objects', () => {
    const base = new Set(baseResources().map(({ doc }) => idOf(doc)));
    for (const overlay of overlays) {
      const kustomization = kustomizations().find((candidate) => candidate.dir === overlay)!;
      for (const patch of kustomization.patches) {
        for (const doc of readYamlDocuments(path.join(root, patch.path)) as Manifest[]) {
          expect({ patch: patch.path, target: base.has(idOf(doc)) ? 'found' : idOf(doc) }).toEqual({ patch: patch.path, target: 'found' });
        }
      }
      const own = kustomization.resources
        .filter((entry) => entry.startsWith(overlay))
        .flatMap((file) => readYamlDocuments(path.join(root, file)).map((doc) => ({ file, doc: doc as Manifest })));
      expect(documentErrors(own)).toEqual([]);
      expect(unknownFieldErrors(own)).toEqual([]);
    }
  });

  describe.each(overlays)('rendered by kustomize: %s', (overlay) => {
    const rendered = render(overlay);
    const maybe = rendered ? it : it.skip;

    maybe('renders, and every rendered document validates and sets no unknown field', () => {
      const documents = rendered!.map((doc) => ({ file: overlay, doc }));
      expect(documentErrors(documents)).toEqual([]);
      expect(unknownFieldErrors(documents)).toEqual([]);
    });

    if (!rendered) console.warn(`kubectl not found: ${overlay} not rendered (the overlay's files are still checked)`);
  });
});
