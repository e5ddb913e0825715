#!/usr/bin/env bash
# ci_files.sh - .pre-commit-hooks.yaml and action.yml parse and work (ci_files.py).
set -u
cd "$(dirname "$0")/../.."
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import yaml' 2>/dev/null; then exec "$py" tests/scripts/ci_files.py; fi
done
echo "ci_files: no python3 with PyYAML (make test installs python3-yaml)"
exit 1
