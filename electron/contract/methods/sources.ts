/** Contract slice: data sources. */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { dataSourceSchema, sourceStatusSchema, sourceTypeSchema } from '../domain.js';

const sourceInput = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  type: sourceTypeSchema,
  /** Validated per type by core (connectors); see docs/protocol.md. */
  connection_info: z.record(z.string(), z.unknown()).default({}),
  is_active: z.boolean().default(true),
};

/** A source together with its push token; returned only by create and rotateToken. */
export const sourceWithTokenSchema = dataSourceSchema.extend({ token: z.string() });
/** A source with its runtime status (state, counters, last error), as `sources.list` and `sources.get` answer. */
export const sourceWithStatusSchema = dataSourceSchema.extend({ status: sourceStatusSchema });

export const sourcesMethods = defineMethods({
  'sources.list': {
    summary: 'List every data source, each with its runtime status.',
    params: z.object({}).default({}),
    result: z.object({ items: z.array(sourceWithStatusSchema) }),
  },
  'sources.get': {
    summary: 'Get one data source by id, with its runtime status.',
    params: z.object({ id: z.string().min(1) }),
    result: sourceWithStatusSchema,
  },
  'sources.create': {
    summary: 'Create a data source; the answer carries its push token, shown only this once.',
    params: z.object(sourceInput),
    result: sourceWithTokenSchema,
  },
  'sources.update': {
    summary: 'Change the name, description, connection info or active flag of a source.',
    params: z.object({
      id: z.string().min(1),
      name: sourceInput.name.optional(),
      description: z.string().max(2000).optional(),
      connection_info: z.record(z.string(), z.unknown()).optional(),
      is_active: z.boolean().optional(),
    }),
    result: dataSourceSchema,
  },
  'sources.delete': {
    summary: 'Delete a source and every object it brought.',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ id: z.string(), deleted: z.literal(true) }),
  },
  'sources.activate': {
    summary: 'Mark a source active (its connector starts; its publishers are accepted).',
    params: z.object({ id: z.string().min(1) }),
    result: dataSourceSchema,
  },
  'sources.deactivate': {
    summary: 'Mark a source inactive (its connector stops; its publishers are refused).',
    params: z.object({ id: z.string().min(1) }),
    result: dataSourceSchema,
  },
  'sources.rotateToken': {
    summary: 'Issue a new push token for a source; the old one stops working.',
    params: z.object({ id: z.string().min(1) }),
    result: sourceWithTokenSchema,
  },
  'sources.status': {
    summary: 'Runtime status of every source (or of one).',
    params: z.object({ id: z.string().min(1).optional() }).default({}),
    result: z.object({ items: z.array(sourceStatusSchema) }),
  },
});
