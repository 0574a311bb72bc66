import { NotificationSchema } from './entities/notification.js';

/** Each user's inbox: the notices their runs end with, read and marked read. */
export const typeDefs = new URL('./schema.graphql', import.meta.url);
export { resolvers } from './resolvers/index.js';
export const entities = [NotificationSchema];
