import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { BaselineProfileSchema } from './baseline-profile.js';
import { BaselineSnapshotSchema } from './baseline-snapshot.js';
import { OperationRunSchema } from '../../operation-runs/entities/operation-run.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const FINDING_KINDS = ['missing', 'unexpected', 'different'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export const FINDING_STATUSES = ['open', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A drift result: one subject of a tenant that differs from its baseline. */
export const FindingSchema = defineEntity({
  name: 'Finding',
  tableName: 'findings',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().deleteRule('cascade'),
    profile: p.manyToOne(BaselineProfileSchema).mapToPk().fieldName('baseline_profile_id').deleteRule('cascade'),
    snapshot: p.manyToOne(BaselineSnapshotSchema).mapToPk().fieldName('baseline_snapshot_id').deleteRule('cascade'),
    /** Groups findings by what they were compared against, e.g. `baseline_profile:<id>`. */
    scopeKey: p.string().length(200),
    subjectType: p.string().length(200),
    subjectExternalId: p.string().length(400),
    policyType: p.string().length(200),
    displayName: p.string().length(400),
    kind: p.enum([...FINDING_KINDS]),
    severity: p.enum([...FINDING_SEVERITIES]),
    status: p.enum([...FINDING_STATUSES]).default('open'),
    firstSeenAt: p.datetime().columnType('timestamptz'),
    lastSeenAt: p.datetime().columnType('timestamptz'),
    resolvedAt: p.datetime().columnType('timestamptz').nullable(),
    producingRun: p.manyToOne(OperationRunSchema).mapToPk().nullable().deleteRule('set null').default(null),
    lastSeenRun: p.manyToOne(OperationRunSchema).mapToPk().nullable().deleteRule('set null').default(null),
    evidence: p.json<Record<string, unknown>>().default('{}'),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  uniques: [{ name: 'findings_subject_unique', properties: ['tenant', 'scopeKey', 'subjectType', 'subjectExternalId'] }],
  indexes: [{ name: 'findings_tenant_status_idx', properties: ['tenant', 'status', 'id'] }],
});

export type Finding = InferEntity<typeof FindingSchema>;
