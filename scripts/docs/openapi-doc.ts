import { httpFunctions } from '../../functions';
import { buildOpenApi } from '../../shared/http/openapi';
import { opsFunction } from '../../shared/http/ops';

/** The OpenAPI document of every HTTP function plus the ops routes, as functions/api-docs/openapi.json holds it. */
export const openApiDoc = (): string => `${JSON.stringify(buildOpenApi([...httpFunctions, opsFunction]), null, 2)}\n`;
