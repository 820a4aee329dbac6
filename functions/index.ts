import categoriesList from './categories-list/function';
import productsGet from './products-get/function';
import productsList from './products-list/function';

/** Every HTTP function: the local gateway serves them, OpenAPI documents them, the build bundles each. */
export const httpFunctions = [productsGet, productsList, categoriesList];
