#!/bin/sh
# Renders every hand-made envelope through its template and checks the results:
#   envelope-<kind>[-<lang>].xml --templates/<kind>/<lang>.xsl--> layout
#   layout --render_layout--> XHTML, text (Chancery's writers) and PDF (the typesetter)
# Needs xsltproc, xmllint and the render_layout tool (cmake --build build --target
# render_layout; another build directory with CHANCERY_BUILD_DIR=...).
# Usage: templates/tests/run.sh [OUTPUT_DIR] (default: a new temporary directory)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
templates=$(dirname "$here")
root=$(dirname "$templates")
out=${1:-$(mktemp -d)}
mkdir -p "$out"
tool="${CHANCERY_BUILD_DIR:-$root/build}/tests/render/render_layout"
if [ ! -x "$tool" ]; then
  echo "$tool is not built: cmake --build build --target render_layout" >&2
  exit 2
fi
status=0
for env in "$here"/envelope-*.xml; do
  name=$(basename "$env" .xml); name=${name#envelope-}; before=$status
  kind=$(xmllint --xpath 'string(/document/@kind)' "$env")
  lang=$(xmllint --xpath 'string(/document/@language)' "$env")
  # the content against its schema
  xmllint --xpath '/document/content/*' "$env" > "$out/$name.content.xml"
  xmllint --noout --relaxng "$templates/$kind/content.rng" "$out/$name.content.xml" 2>/dev/null \
    || { echo "$name: content does not match $kind/content.rng"; status=1; }
  xsltproc --nonet "$templates/$kind/$lang.xsl" "$env" > "$out/$name.layout.xml" \
    || { echo "$name: template failed"; status=1; continue; }
  "$tool" "$out/$name.layout.xml" --html "$out/$name.html" --text "$out/$name.txt" \
    > "$out/$name.log" 2>&1 || { echo "$name: HTML and text failed:"; cat "$out/$name.log"; status=1; }
  if [ -d /usr/share/xml/w3c-sgml-lib ]; then   # XHTML DTDs from the catalog (Debian: w3c-sgml-lib)
    xmllint --noout --nonet --valid "$out/$name.html" || { echo "$name: not valid XHTML 1.0 Strict"; status=1; }
  else
    xmllint --noout "$out/$name.html" || { echo "$name: HTML not well-formed"; status=1; }
  fi
  "$tool" "$out/$name.layout.xml" --pdf "$out/$name.pdf" --emblem > "$out/$name.pdf.log" 2>&1 \
    || { echo "$name: typesetter refused the layout:"; cat "$out/$name.pdf.log"; status=1; }
  [ "$status" = "$before" ] && echo "$name: ok"
done
echo "output in $out"
exit $status
