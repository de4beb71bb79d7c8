-- How a snapshot's state is encoded (persistence/snapshot-encoding.ts): 1 = a Yjs v1 update as is,
-- 2 = a Yjs v2 update compressed with raw deflate. Compaction writes 2: a doc with a long history
-- keeps many tombstones, which v2 encodes in runs and deflate shrinks further (a 100k-update profile:
-- 48 KB as v1, under 1 KB as 2), so opening it reads and transfers almost nothing more than a young
-- doc. Snapshots written before this stay 1 until the doc's next compaction.
ALTER TABLE doc_snapshots ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
