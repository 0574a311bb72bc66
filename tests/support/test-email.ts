/**
 * A unique address for a fixture user: the 48 random bits at the end of its id, so that the
 * thousands of users a suite creates in one database never share an address (six hex digits,
 * 24 bits, collided about once in a hundred runs of the authorization matrix).
 */
export const testEmail = (name: string, id: string): string => `${name}-${id.slice(-12)}@example.test`;
