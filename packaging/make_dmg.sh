#!/usr/bin/env bash
# Wrap dist/BriefBook.app in a compressed disk image with an Applications link (macOS only).
#
#   packaging/make_dmg.sh [APP] [OUTPUT]
#   default APP: dist/BriefBook.app    default OUTPUT: dist/BriefBook-<version>.dmg
#
# If BRIEFBOOK_CODESIGN_IDENTITY is set ("Developer ID Application: ..."), the image is signed
# too; notarize it afterwards (docs/packaging.md).
set -euo pipefail
cd "$(dirname "$0")/.."

app="${1:-dist/BriefBook.app}"
version="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
output="${2:-dist/BriefBook-${version}.dmg}"

if [ "$(uname -s)" != "Darwin" ]; then
	echo "make_dmg.sh: hdiutil exists only on macOS." >&2
	exit 1
fi
if [ ! -d "$app" ]; then
	echo "make_dmg.sh: $app does not exist; run pyinstaller briefbook.spec first." >&2
	exit 1
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
# ditto keeps the bundle's symbolic links, extended attributes and signatures intact.
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"

rm -f "$output"
hdiutil create -volname "BriefBook ${version}" -srcfolder "$staging" -fs HFS+ \
	-format UDZO -imagekey zlib-level=9 -ov "$output"
hdiutil verify "$output"

if [ -n "${BRIEFBOOK_CODESIGN_IDENTITY:-}" ]; then
	codesign --sign "$BRIEFBOOK_CODESIGN_IDENTITY" --timestamp "$output"
fi
echo "$output"
