import type { ArtifactExistence } from '../domain/artifact-truth.js';
import type { SnapshotLifecycleState } from '../domain/snapshot-lifecycle.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';

/** `OperationRun.artifactTruth` as resolved for GraphQL. */
export interface ArtifactTruthView {
  artifactExistence: ArtifactExistence;
  snapshot: BaselineSnapshot | null;
  snapshotLifecycle: SnapshotLifecycleState | null;
  usable: boolean;
  label: string;
  explanation: string;
}
