#!/usr/bin/env bash
# OCA's checks (.pre-commit-config.yaml) on every file git tracks: pylint-odoo
# with OCA's mandatory checks for 11.0, oca-odoo-pre-commit-hooks (manifests,
# XML, translations), ruff, the whitespace/XML/YAML hooks. The tools live in
# their own virtualenv (.venv-lint, pinned in requirements-lint.txt), made on
# the first run. Exit status non-zero on any finding. Run by scripts/test.sh.
#   scripts/lint.sh            # check everything
#   scripts/lint.sh FILE...    # check these files only
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINT_VENV="${LINT_VENV:-$ROOT/.venv-lint}"
PYTHON="${PYTHON:-python3}"
stamp="$LINT_VENV/.installed"
want=$(sha1sum "$ROOT/requirements-lint.txt" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "[lint] installing the OCA tools into $LINT_VENV"
    [ -x "$LINT_VENV/bin/python" ] || "$PYTHON" -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/requirements-lint.txt" \
        2>&1 | grep -v '^WARNING: Location' || true
    "$LINT_VENV/bin/pre-commit" --version >/dev/null
    echo "$want" > "$stamp"
fi
cd "$ROOT"
export PATH="$LINT_VENV/bin:$PATH"
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$LINT_VENV/pre-commit-cache}"
if [ $# -gt 0 ]; then
    exec pre-commit run --show-diff-on-failure --color=never --files "$@"
fi
exec pre-commit run --show-diff-on-failure --color=never --all-files
