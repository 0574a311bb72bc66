import { p } from '@mikro-orm/postgresql';

/** `created_at timestamptz default now()`, also set by the ORM when it creates the row. */
export const createdAtProperty = () =>
  p
    .datetime()
    .columnType('timestamptz')
    .defaultRaw('now()')
    .onCreate(() => new Date());

/** `updated_at timestamptz default now()`, set on create and on every update through the ORM. */
export const updatedAtProperty = () => createdAtProperty().onUpdate(() => new Date());
