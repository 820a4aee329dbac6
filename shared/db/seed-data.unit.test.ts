import { generateCatalog } from './seed-data';

describe('generateCatalog', () => {
  const catalog = generateCatalog(10_000);

  it('is deterministic for the same count and seed', () => {
    expect(generateCatalog(500, 7)).toEqual(generateCatalog(500, 7));
  });

  it('differs between seeds', () => {
    expect(generateCatalog(50, 1).products.map((p) => p.name)).not.toEqual(
      generateCatalog(50, 2).products.map((p) => p.name),
    );
  });

  it('gives the same first products whatever the count', () => {
    expect(generateCatalog(100).products).toEqual(catalog.products.slice(0, 100));
  });

  it('has at least 24 categories with unique, valid slugs', () => {
    const slugs = catalog.categories.map((c) => c.slug);
    expect(catalog.categories.length).toBeGreaterThanOrEqual(24);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const category of catalog.categories) {
      expect(category.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(category.name.length).toBeGreaterThan(0);
      expect(category.description).toMatch(/\.$/);
    }
  });

  it('returns the requested number of products', () => {
    expect(catalog.products).toHaveLength(10_000);
    expect(generateCatalog(0).products).toHaveLength(0);
    expect(generateCatalog(37).products).toHaveLength(37);
  });

  it('gives every product a unique sku and id', () => {
    const skus = catalog.products.map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
    expect(new Set(catalog.products.map((p) => p.id)).size).toBe(skus.length);
    expect(skus.filter((sku) => !/^[A-Z]{3}-\d{6}$/.test(sku))).toEqual([]);
  });

  it('puts every product in an existing category', () => {
    const slugs = new Set(catalog.categories.map((c) => c.slug));
    expect(catalog.products.filter((p) => !slugs.has(p.category))).toEqual([]);
  });

  it('uses positive integer prices in EUR and non-negative integer stock', () => {
    expect(catalog.products.filter((p) => !Number.isInteger(p.price) || p.price <= 0)).toEqual([]);
    expect(catalog.products.filter((p) => p.currency !== 'EUR')).toEqual([]);
    expect(catalog.products.filter((p) => !Number.isInteger(p.stock) || p.stock < 0)).toEqual([]);
    const soldOut = catalog.products.filter((p) => p.stock === 0).length;
    expect(soldOut).toBeGreaterThan(100);
    expect(soldOut).toBeLessThan(600);
  });

  it('spreads creation dates over the year before 2026-11-01', () => {
    const end = Date.UTC(2026, 10, 1);
    const start = end - 365 * 24 * 60 * 60 * 1000;
    const outside = catalog.products.filter((p) => p.createdAt.getTime() < start || p.createdAt.getTime() >= end);
    expect(outside).toEqual([]);
  });

  it('varies product names a lot', () => {
    expect(new Set(catalog.products.map((p) => p.name)).size).toBeGreaterThanOrEqual(2_000);
  });

  it('respects the column limits', () => {
    expect(catalog.products.filter((p) => p.name.length < 1 || p.name.length > 200)).toEqual([]);
    expect(catalog.products.filter((p) => p.description.length < 1 || p.description.length > 5000)).toEqual([]);
  });
});
