import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.uuid().primary(),
    /** Stored lower-cased; unique across the installation. */
    email: p.string().length(320).unique('users_email_unique'),
    displayName: p.string().length(200),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
});

export type User = InferEntity<typeof UserSchema>;
