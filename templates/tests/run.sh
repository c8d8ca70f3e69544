#!/bin/sh
# Renders every hand-made envelope through its template and checks the results:
#   envelope-<kind>[-<lang>].xml --templates/<kind>/<lang>.xsl--> layout
#   layout --layout-to-html.xsl--> XHTML, --layout-to-text.xsl--> text
#   layout --pdf_render_layout--> PDF (when the tool is built)
# Usage: templates/tests/run.sh [OUTPUT_DIR] (default: a new temporary directory)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
templates=$(dirname "$here")
root=$(dirname "$templates")
out=${1:-$(mktemp -d)}
mkdir -p "$out"
tool="$root/build/tests/pdf/pdf_render_layout"
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
  xsltproc --nonet "$templates/common/layout-to-html.xsl" "$out/$name.layout.xml" > "$out/$name.html" \
    || { echo "$name: layout-to-html failed"; status=1; }
  xsltproc --nonet "$templates/common/layout-to-text.xsl" "$out/$name.layout.xml" > "$out/$name.txt" \
    || { echo "$name: layout-to-text failed"; status=1; }
  if [ -d /usr/share/xml/w3c-sgml-lib ]; then   # XHTML DTDs from the catalog (Debian: w3c-sgml-lib)
    xmllint --noout --nonet --valid "$out/$name.html" || { echo "$name: not valid XHTML 1.0 Strict"; status=1; }
  else
    xmllint --noout "$out/$name.html" || { echo "$name: HTML not well-formed"; status=1; }
  fi
  if [ -x "$tool" ]; then
    "$tool" "$out/$name.layout.xml" "$out/$name.pdf" --emblem > "$out/$name.pdf.log" 2>&1 \
      || { echo "$name: typesetter refused the layout:"; cat "$out/$name.pdf.log"; status=1; }
  fi
  [ "$status" = "$before" ] && echo "$name: ok"
done
echo "output in $out"
exit $status
