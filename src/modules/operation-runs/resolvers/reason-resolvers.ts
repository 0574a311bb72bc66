import { requireActor } from '../../workspaces/auth/request-actor.js';
import { allReasons, describeReason } from '../domain/reason-catalog.js';
import { badInput } from '../../../platform/errors.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';

export const reasonResolvers: Resolvers = {
  Query: {
    reasonCatalog: (_root, _args, context) => {
      requireActor(context);
      return allReasons();
    },
    reason: (_root, { code }, context) => {
      requireActor(context);
      if (code.length === 0 || code.length > 200) throw badInput('code must be 1-200 characters.', [{ field: 'code', message: 'invalid length' }]);
      return describeReason(code);
    },
  },
};
