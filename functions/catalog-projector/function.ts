import { defineEventFunction } from '../../shared/events';
import { adjustStock, consumer, deleteProduct, upsertProduct } from './handler';

export default defineEventFunction({
  name: consumer,
  on: {
    'brisk.catalog.product.upsert_requested': upsertProduct,
    'brisk.catalog.product.delete_requested': deleteProduct,
    'brisk.catalog.stock.adjusted': adjustStock,
  },
});
