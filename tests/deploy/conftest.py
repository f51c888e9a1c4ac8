"""The multi-machine layout's tests (docs/DEPLOY.md). test_real_replica.py needs a running streaming replica
(deploy/replica.sh) named by DATABASE_REPLICA_URL: it is collected only then, never skipped (CI=true fails skips)."""

import os

collect_ignore = [] if os.environ.get("DATABASE_REPLICA_URL") else ["test_real_replica.py"]
