#!/usr/bin/env bash
# ci_files.sh - .pre-commit-hooks.yaml and action.yml parse and work (ci_files.py).
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import yaml' 2>/dev/null; then "$py" tests/scripts/ci_files.py; exit; fi
done
echo "ci_files: no python3 with PyYAML (make test installs python3-yaml)"
exit 1
