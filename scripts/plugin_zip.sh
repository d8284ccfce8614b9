#!/usr/bin/env bash
# Builds the installable QGIS plugin zip with qgis-plugin-ci:
#   bash scripts/plugin_zip.sh VERSION [--working-tree] [--repository DIR]
#   → dist/overblikskort.VERSION.zip; with --repository also DIR/plugins.xml (+ .xsl) and the zip,
#     the plugin repository the publisher serves at /plugins/ (its `plugin_repository` setting)
# The zip carries the committed plugin/ (with the compiled translations in plugin/i18n), the
# data model and rulebook (datamodel/, as plugin/vendor/datamodel) and the generated styles/*.qml. qgis-plugin-ci edits metadata.txt and resets the git checkout it runs
# in, so it runs in a throw-away clone, never in this working tree. --working-tree packs the
# current (uncommitted) plugin/ and styles/ instead of the last commit, for development.
set -euo pipefail
VERSION="${1:?usage: plugin_zip.sh VERSION [--working-tree] [--repository DIR]}"
shift
MODE=""
REPOSITORY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --working-tree) MODE="--working-tree" ;;
    --repository) REPOSITORY="$(realpath -m "${2:?--repository needs a folder}")"; shift ;;
    *) echo "plugin_zip.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CI="$ROOT/.venv/bin/qgis-plugin-ci"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

git clone --quiet --no-hardlinks "$ROOT" "$WORK/repo"
cd "$WORK/repo"
git config user.email "build@overblikskort.invalid"
git config user.name "plugin_zip.sh"
if [ "$MODE" = "--working-tree" ]; then
  rm -rf plugin styles datamodel
  cp -r "$ROOT/plugin" "$ROOT/styles" "$ROOT/datamodel" .
  cp "$ROOT/CHANGELOG.md" CHANGELOG.md
  git add -A plugin styles datamodel CHANGELOG.md
  git commit --quiet --allow-empty -m "working tree snapshot for the plugin zip"
fi

# Generated files ride along as assets inside the plugin folder.
mkdir -p plugin/styles plugin/vendor
cp styles/*.qml plugin/styles/
cp -r datamodel plugin/vendor/datamodel
find plugin/vendor -name __pycache__ -prune -exec rm -rf {} +
ASSETS=(--asset-path plugin/styles --asset-path plugin/vendor)

"$CI" package "$VERSION" --allow-uncommitted-changes "${ASSETS[@]}" >/dev/null
mkdir -p "$ROOT/dist"
# qgis-plugin-ci names the file after plugin_path; the folder inside is the slug "overblikskort".
cp ./*".$VERSION.zip" "$ROOT/dist/overblikskort.$VERSION.zip"
if [ -n "$REPOSITORY" ]; then
  git checkout --quiet -- plugin/metadata.txt 2>/dev/null || true
  "$ROOT/.venv/bin/python" "$ROOT/scripts/plugin_repository.py" "$VERSION" \
    "$ROOT/dist/overblikskort.$VERSION.zip" "$REPOSITORY" >/dev/null
fi
echo "$ROOT/dist/overblikskort.$VERSION.zip"
