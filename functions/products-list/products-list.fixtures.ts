/** A response as test/app-client gives it (functions/ may not import test/, so only its shape). */
interface Response {
  status: number;
  headers: Record<string, string>;
  json: () => unknown;
}

/**
 * The check that `GET /v1/products?<query>`, sent through `call`, is refused with a 400 problem naming
 * the query parameter `field`. It returns the response, for a test to look further.
 */
export const badFieldCheck =
  <R extends Response>(call: (method: string, url: string) => Promise<R>) =>
  async (query: string, field: string): Promise<R> => {
    const response = await call('GET', `/v1/products?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const problem = response.json() as { status: number; errors: { in: string; name: string; detail: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors).toContainEqual({ in: 'query', name: field, detail: expect.any(String) });
    return response;
  };
