#!/usr/bin/env bash
# The demo scenario: a guided tour of what Chancery does today, step by step.
#
# The reference campaign of the Ministry of Foreign Affairs of the Republic of
# Azerbaijan on hostages and missing persons (see /work/shared/seed or the project's
# DOMAIN notes): one document of each kind the campaign used.
#
#   - A note verbale to the Embassy of the Swiss Confederation in Baku: drafted,
#     returned, revised, approved, cleared by the legal and political departments,
#     initialled by the director, numbered by the registry, rendered (PDF, HTML, text),
#     dispatched, and closed once the Embassy has acknowledged receipt.
#   - The Minister's letters to the heads of the eight organisations (UN, ICRC, OSCE,
#     UNHCR, OHCHR, EU, Council of Europe, its Commissioner for Human Rights): all
#     drafted, two of them (UN Secretary-General, President of the ICRC) reviewed,
#     signed and dispatched.
#   - The Permanent Representative's letter to the UN Secretary-General asking that it
#     be circulated under two agenda items of the General Assembly and in the Security
#     Council.
#   - A press release for immediate release, sent to the media list.
#
# Usage: deploy/demo.sh PATH/TO/chancery
# Works from any directory and may be run again: each run deletes and recreates
# demo-output/ (next to deploy/) and writes nothing anywhere else. Dispatch goes
# through the "files" channel into demo-output/outbox: no mail leaves the machine.
# The Ministry's staff and every mail address (under .test) are fictional; the letters
# are signed in the Minister's name as in templates/letter/sample.xml, and the heads of
# organisations are those of deploy/directory-sample.xml.
set -euo pipefail
unset CDPATH
# Settings come from the demo's own configuration file only: these would override it.
unset CHANCERY_DB CHANCERY_CONFIG CHANCERY_WORKFLOWS CHANCERY_TEMPLATES

root=$(cd "$(dirname "$0")/.." && pwd)

# The binary's path is relative to where the caller stands: resolve it before moving.
given=${1:-$root/build/adapters/cli/chancery}
chancery=$given
[[ $chancery == */* ]] || chancery=$(command -v "$chancery" || true)
if [[ -z $chancery || -d $chancery || ! -x $chancery ]]; then
  echo "demo.sh: no chancery executable at '$given'" >&2
  echo "usage: deploy/demo.sh PATH/TO/chancery" >&2
  exit 2
fi
chancery="$(cd "$(dirname "$chancery")" && pwd)/$(basename "$chancery")"

cd "$root"
if [[ ! -f deploy/demo.sh || ! -d workflows || ! -d templates ]]; then
  echo "demo.sh: $root does not look like the Chancery source tree" >&2
  exit 2
fi
out=$root/demo-output           # everything the demo writes is under here
config=$out/chancery.properties
outbox=$out/outbox
renders=$out/render
content=deploy/demo

# ---------------------------------------------------------------------------------
# Presentation helpers.
rule='================================================================================'
section() { printf '\n%s\n%s\n%s\n' "$rule" "$*" "$rule"; }
say() { printf '%s\n' "$@"; }
# Paths under the tree are shown relative to it, as an operator standing there types them.
rel() { local a=$1; [[ $a == "$root"/* ]] && a=${a#"$root"/}; printf '%s' "$a"; }
# print_command ARGS...: "$ chancery ARGS" as an operator would type it, quoting
# arguments with spaces or shell characters in single quotes.
print_command() {
  local out='$ chancery' a
  for a in "$@"; do
    a=$(rel "$a")
    if [[ $a =~ ^[A-Za-z0-9@%+=:,./_-]+$ ]]; then
      out+=" $a"
    else
      out+=" '${a//"'"/"'\\''"}'"
    fi
  done
  printf '\n%s\n' "$out"
}
# shell_line TEXT: print a non-chancery command line.
shell_line() { printf '\n$ %s\n' "$*"; }
# run ARGS...: chancery with the demo's configuration, not printed.
run() { "$chancery" --config "$config" "$@"; }
# show ARGS...: print the command, then run it.
show() {
  print_command "$@"
  run "$@"
}
# refused ARGS...: like show, for a command the rules must refuse (exit code 1).
refused() {
  local rc=0
  show "$@" 2>&1 || rc=$?
  if [[ $rc -eq 1 ]]; then
    say "  -> refused (exit code 1), as it should be; nothing was changed."
  else
    say "demo.sh: expected the rules to refuse this (exit code 1), got exit code $rc" >&2
    exit 1
  fi
}
# new_document ARGS...: show `doc new ...`, print and return (in $doc) the new id.
new_document() {
  print_command "$@"
  doc=$(run "$@")
  if ! [[ $doc =~ ^[0-9]+$ ]]; then
    echo "demo.sh: expected a document id from 'doc new', got '$doc'" >&2
    exit 1
  fi
  say "$doc"
}
# doc_header ID: `doc show ID` without the content.
doc_header() {
  printf '\n$ chancery doc show %s | sed %s\n' "$1" "'/^Content/,\$d'"
  run doc show "$1" | sed '/^Content/,$d'
}
state_of() { run doc show "$1" | sed -n 's/^ *State: *\([^ ]*\).*/\1/p'; }
number_of() { run doc show "$1" | sed -n 's/^ *Registry number: *//p'; }
# expect_state ID STATE: stop the tour if the document is not where it should be.
expect_state() {
  local s
  s=$(state_of "$1")
  if [[ $s != "$2" ]]; then
    echo "demo.sh: document $1 is in state '$s', expected '$2' (see: chancery doc history $1)" >&2
    exit 1
  fi
}
# first_dispatch ID: the id of the document's first dispatch (from `track ID`).
first_dispatch() { run track "$1" | sed -n 's/^dispatch \([0-9][0-9]*\) .*/\1/p' | head -n 1; }
# render_all ID KIND: the document as PDF, HTML and text in demo-output/render/KIND.*
# (--output, not the -o of `chancery --help`: the option parser takes only --long
# options, and `render ID --format pdf -o FILE` is refused as a usage error.)
render_all() {
  local f ext
  for f in pdf html text; do
    ext=$f
    [[ $f == text ]] && ext=txt
    show render "$1" --format "$f" --output "$renders/$2.$ext" 2>&1
  done
}

# The people of the scenario (login, then who they are). Logins are what `--as` takes.
drafter=leyla.hasanova      # desk officer, Department of Humanitarian and Social Issues
drafter2=rashad.mammadov    # second desk officer in the same department
head=elnur.guliyev          # head of the Division of Multilateral Humanitarian Cooperation
legal=aytan.ismayilova      # legal adviser, Department of International Law and Treaties
political=farid.huseynov    # desk officer for Switzerland, Department of Europe
director=nigar.abbasova     # director, Department of Humanitarian and Social Issues
registry=tural.karimov      # registry officer, Documents and Correspondence Office
cabinet=sevinj.mammadli     # Minister's cabinet (protocol): form and courtesy formulas
minister=jeyhun.bayramov    # the Minister of Foreign Affairs: signs the letters
un_drafter=kamran.aliyev    # counsellor, Permanent Mission to the United Nations
io_head=orkhan.rustamov     # head of the International Organisations Department
permrep=rauf.mirzazade      # Permanent Representative to the United Nations
press=aysel.mammadova       # press officer, Press Service Department
spokesperson=lala.jafarova  # spokesperson of the Ministry
humanitarian="Humanitarian and Social Issues"

# The eight heads of organisations of the campaign, by recipient directory id.
organisations=(un-sg icrc-president osce-sg unhcr ohchr eu-hr coe-sg coe-commissioner)
declare -A addressee=(
  [un-sg]="the Secretary-General of the United Nations"
  [icrc-president]="the President of the ICRC"
  [osce-sg]="the Secretary General of the OSCE"
  [unhcr]="the UN High Commissioner for Refugees"
  [ohchr]="the UN High Commissioner for Human Rights"
  [eu-hr]="the EU High Representative for Foreign Affairs and Security Policy"
  [coe-sg]="the Secretary General of the Council of Europe"
  [coe-commissioner]="the Council of Europe Commissioner for Human Rights"
)

# ---------------------------------------------------------------------------------
section "1. The workflow definitions"
say "Chancery runs every document through a workflow written in XML (workflows/*.xml)." \
    "First we check that the shipped definitions are valid."
printf '\n$ chancery validate workflows/*.xml\n'
"$chancery" validate workflows/*.xml

say "" "The note verbale follows this process: who may do what, in which state." \
    "(chancery workflows show FILE prints any of the other definitions the same way.)"
printf '\n$ chancery workflows show workflows/note-verbale.xml\n'
"$chancery" workflows show workflows/note-verbale.xml

say "" "A broken definition is refused, with a file:line:column for each finding:"
printf '\n$ chancery validate tests/fixtures/workflows/invalid/many-errors.xml\n'
"$chancery" validate tests/fixtures/workflows/invalid/many-errors.xml 2>&1 || true

# ---------------------------------------------------------------------------------
section "2. The configuration and a fresh database"
say "Everything the demo writes goes to $(rel "$out")/, deleted and recreated on every run." \
    "One settings file says where the store, the workflows and the templates are, and" \
    "sends dispatches to a drop folder (the 'files' channel) instead of a mail server." \
    "Every command below is run as: chancery --config $(rel "$config") ..."
rm -rf "$out"
mkdir -p "$out" "$renders"
cat >"$config" <<EOF
# Written by deploy/demo.sh: the demo's settings (deploy/chancery.properties lists
# every key). Paths are absolute, so the file works from any directory.
store.url = sqlite:$out/chancery.db
workflows.dir = $root/workflows
templates.dir = $root/templates
ministry.time-zone = Asia/Baku
registry.address = registry@mfa.test
dispatch.channel = files
dispatch.outbox = $outbox
EOF
shell_line "cat $(rel "$config")"
cat "$config"
show init

# ---------------------------------------------------------------------------------
section "3. The recipient directory"
say "Recipients are entries of a directory: an e-mail address, a language, and each" \
    "language's names, courtesy title and salutation, which the templates use to" \
    "address the document. The sample holds the eight heads of organisations of the" \
    "campaign, embassies in Baku and abroad, the Permanent Mission and the media list."
show directory import deploy/directory-sample.xml
say "" "The list, one line per entry (without the '| grep' it shows every form of address):"
printf '\n$ chancery directory list | grep -v %s\n' "'^ '"
run directory list | grep -v '^ '
say "" "The Swiss Embassy in full, in English and in French:"
printf '\n$ chancery directory list | grep -A3 %s\n' "'^ch-embassy-baku'"
run directory list | grep -A3 '^ch-embassy-baku'
printf '\n$ chancery directory list --language fr | grep -A3 %s\n' "'^ch-embassy-baku'"
run directory list --language fr | grep -A3 '^ch-embassy-baku'

# ---------------------------------------------------------------------------------
section "4. The content of the documents"
say "A document's content is XML in the vocabulary of its kind, described by a RELAX NG" \
    "schema (templates/<kind>/content.rng): the template adds the formulas, the number," \
    "the date and the addressee. The demo's contents are in $content/; the recipient" \
    "is named by its directory id, e.g. <addressee ref=\"ch-embassy-baku\"/>."
shell_line "sed -n '/<note-verbale/,\$p' $content/note-verbale.xml | head -n 8"
sed -n '/<note-verbale/,$p' "$content/note-verbale.xml" | head -n 8
say "  ..."
say "" "Each file checked against its kind's schema:"
schema_files=(
  "note-verbale $content/note-verbale.xml"
  "note-verbale $content/note-verbale-revised.xml"
  "un-letter $content/un-letter.xml"
  "press-release $content/press-release.xml"
)
for org in "${organisations[@]}"; do schema_files+=("letter $content/letters/$org.xml"); done
if command -v xmllint >/dev/null; then
  for entry in "${schema_files[@]}"; do
    kind=${entry%% *}
    file=${entry#* }
    shell_line "xmllint --noout --relaxng templates/$kind/content.rng $file"
    xmllint --noout --relaxng "templates/$kind/content.rng" "$file" 2>&1
  done
else
  say "  (xmllint is not installed: 'apt-get install libxml2-utils' to check them; skipped)"
fi

# ---------------------------------------------------------------------------------
section "5. The people of the Ministry"
say "Users hold roles named in the workflows. The drafting department matters: a" \
    "returned draft can be taken over by any desk officer of the same department."
say "" \
    "  Leyla Hasanova    desk officer, Department of Humanitarian and Social Issues" \
    "  Rashad Mammadov   desk officer, same department" \
    "  Elnur Guliyev     head of the Division of Multilateral Humanitarian Cooperation" \
    "  Aytan Ismayilova  legal adviser, Department of International Law and Treaties" \
    "  Farid Huseynov    political clearance: desk officer for Switzerland, Department of Europe" \
    "  Nigar Abbasova    director of the Department of Humanitarian and Social Issues" \
    "  Tural Karimov     registry officer, Documents and Correspondence Office" \
    "  Sevinj Mammadli   Minister's cabinet: protocol, titles and courtesy formulas" \
    "  Jeyhun Bayramov   the Minister of Foreign Affairs, who signs the letters" \
    "  Kamran Aliyev     counsellor at the Permanent Mission to the United Nations" \
    "  Orkhan Rustamov   head of the International Organisations Department" \
    "  Rauf Mirzazade    Permanent Representative to the United Nations" \
    "  Aysel Mammadova   press officer, Press Service Department" \
    "  Lala Jafarova     spokesperson of the Ministry"
show user add "$drafter" --role drafter --department "$humanitarian"
show user add "$drafter2" --role drafter --department "$humanitarian"
show user add "$head" --role head-of-division --department "$humanitarian"
show user add "$legal" --role legal --department "International Law and Treaties"
show user add "$political" --role political --department "Europe"
show user add "$director" --role director --department "$humanitarian"
show user add "$registry" --role registry --department "Documents and Correspondence Office"
show user add "$cabinet" --role cabinet --department "Cabinet of the Minister"
show user add "$minister" --role minister --department "Cabinet of the Minister"
show user add "$un_drafter" --role drafter --department "Permanent Mission to the United Nations"
show user add "$io_head" --role head-of-io-department --department "International Organisations"
show user add "$permrep" --role permanent-representative \
  --department "Permanent Mission to the United Nations"
show user add "$press" --role press-officer --department "Press Service"
show user add "$spokesperson" --role spokesperson --department "Press Service"
show user list

# ---------------------------------------------------------------------------------
section "6. Leyla Hasanova drafts the note verbale"
say "The Ministry asks the Embassy of the Swiss Confederation to convey to Bern a request" \
    "for support on Azerbaijani nationals taken hostage and missing persons. The" \
    "recipient is the directory entry ch-embassy-baku; legal-clearance=\"required\" on" \
    "the content's root sends the note to the legal and political departments after the" \
    "head of division approves it. doc new prints the new document's id alone, so a" \
    "script can capture it."
new_document doc new --kind note-verbale \
  --subject "Azerbaijani hostages and missing persons: request for support" --as "$drafter" \
  --content "$content/note-verbale.xml" --language en --classification unclassified \
  --to ch-embassy-baku --campaign "Missing persons and hostages"
nv=$doc
say "  -> the note is document $nv, in state 'draft'."
show act "$nv" submit --as "$drafter"

# ---------------------------------------------------------------------------------
section "7. Review by the head of division: returned with a comment"
say "Elnur Guliyev opens his inbox: the note waits for him, with what he may do."
show inbox --as "$head"
say "" "The rules are enforced by the engine, not by the screen: the drafter cannot" \
    "approve her own note (she does not hold the role, and a drafter never reviews" \
    "her own work)."
refused act "$nv" approve --as "$drafter"
say "" "The head of division returns it; a return must say why."
show act "$nv" return --as "$head" \
  --comment "Please cite General Assembly resolution 73/178 on missing persons in the second paragraph."

# ---------------------------------------------------------------------------------
section "8. The drafter revises and resubmits"
say "The returned note is back in the drafting department: both desk officers see it."
show inbox --as "$drafter2"
say "" "Leyla Hasanova saves a revision ($content/note-verbale-revised.xml, citing" \
    "resolution 73/178). Each save is a new, immutable revision; doc edit prints its number."
show doc edit "$nv" --content "$content/note-verbale-revised.xml" --as "$drafter"
show act "$nv" submit --as "$drafter"

# ---------------------------------------------------------------------------------
section "9. Approval, then legal and political clearance"
say "The note, now at revision 2, is back with the head of division."
show inbox --as "$head"
say "" "Approved: because the draft asks for legal clearance, it goes to 'legal-clearance'."
show act "$nv" approve --as "$head" --comment "Thank you. Approved for clearance."
say "" "Clearance needs one 'clear' from each of legal and political, in any order."
show act "$nv" clear --as "$legal" --comment "No objection from the legal side."
show act "$nv" clear --as "$political" \
  --comment "Cleared; consistent with our bilateral line with the Swiss Confederation."

# ---------------------------------------------------------------------------------
section "10. The director initials; the registry number is assigned"
say "A note verbale is initialled and sealed, not signed. The director's inbox:"
show inbox --as "$director"
say "" "Initialling moves the note to 'registration', which runs by itself: it takes the" \
    "next number of the year in the NV series (never reused, never skipped), then" \
    "schedules rendering and dispatch as background jobs."
show act "$nv" initial --as "$director"
doc_header "$nv"

# ---------------------------------------------------------------------------------
section "11. Background jobs: rendering and dispatch"
say "The automatic steps and the timers (reminders, escalations) run as jobs: 'chancery" \
    "serve' or 'chancery jobs run' keep running them; '--once' runs what is due now and" \
    "stops. Here: the note is rendered (PDF, HTML, text, each kept with its SHA-256)," \
    "then sent to each recipient. With dispatch.channel = files, 'sent' means written" \
    "to the outbox: one .eml per recipient (text and HTML parts) and the PDF beside it," \
    "ready for an air-gapped transfer. The jobs still waiting are due-date timers; they" \
    "fire later, and are dropped if the document has moved on."
show jobs run --once
expect_state "$nv" awaiting-acknowledgement
say "" "The note now waits in 'awaiting-acknowledgement'. Its history ends with the" \
    "rendering, the dispatch and the move:"
printf '\n$ chancery doc history %s | sed -n %s\n' "$nv" "'/ rendered /,\$p'"
run doc history "$nv" | sed -n '/ rendered /,$p'
say "" "What the registry follows: each recipient's status, times, attempts and the last" \
    "reply of the channel."
show track "$nv"
say "" "The outbox:"
shell_line "ls -l $(rel "$outbox") $(rel "$outbox")/*.files"
(cd "$outbox" && ls -l . ./*.files)
eml=$(ls "$outbox"/*.eml | head -n 1)
say "" "The message's header, as a mail server would receive it:"
shell_line "sed -n '1,/^\r\$/p' $(rel "$eml") | tr -d '\r'"
sed -n '1,/^\r$/p' "$eml" | tr -d '\r'

# ---------------------------------------------------------------------------------
section "12. The note as the recipient sees it"
say "chancery render gives any document, at any revision, in each format; the" \
    "templates address it from the directory entry (here: the Embassy of the Swiss" \
    "Confederation, named in the opening formula and in the block at the foot of the" \
    "page). The files go to $(rel "$renders")/."
render_all "$nv" note-verbale
say "" "The text form:"
shell_line "cat $(rel "$renders")/note-verbale.txt"
cat "$renders/note-verbale.txt"

# ---------------------------------------------------------------------------------
section "13. The Minister's letters to the heads of eight organisations"
say "Letters signed by the Minister follow workflows/letter-to-organisation.xml. Its" \
    "roles (the states, as for the note verbale: chancery workflows show FILE):"
printf '\n$ chancery workflows show workflows/letter-to-organisation.xml | sed -n %s\n' \
  "'/^Roles:/,/^\$/p'"
"$chancery" workflows show workflows/letter-to-organisation.xml | sed -n '/^Roles:/,/^$/p'
say "Rashad Mammadov drafts the eight letters, one per head of organisation, each to its" \
    "directory entry ($content/letters/<id>.xml), and submits them."
declare -A letter
for org in "${organisations[@]}"; do
  new_document doc new --kind letter \
    --subject "Hostages and missing persons: letter to ${addressee[$org]}" \
    --as "$drafter2" --content "$content/letters/$org.xml" --language en \
    --to "$org" --campaign "Missing persons and hostages"
  letter[$org]=$doc
  show act "$doc" submit --as "$drafter2"
done
say "" "Eight letters wait for the head of division:"
show inbox --as "$head"

say "" "The letters to the Secretary-General of the United Nations and to the President of" \
    "the ICRC go first: head of division, director, cabinet, Minister."
for org in un-sg icrc-president; do
  id=${letter[$org]}
  show act "$id" approve --as "$head"
  show act "$id" approve --as "$director" --comment "Cleared for the Minister."
done
say "" "The cabinet checks the form: courtesy titles, salutation and close, language."
show inbox --as "$cabinet"
for org in un-sg icrc-president; do
  show act "${letter[$org]}" approve --as "$cabinet"
done
say "" "A letter to the head of an organisation is signed by the Minister himself:"
refused act "${letter[un-sg]}" sign --as "$director"
show inbox --as "$minister"
for org in un-sg icrc-president; do
  show act "${letter[$org]}" sign --as "$minister"
done
say "" "The six other letters follow the same path; in this tour they stay in the head of" \
    "division's inbox."

# ---------------------------------------------------------------------------------
section "14. The letter to the UN Secretary-General for circulation"
say "The Permanent Mission's letter follows workflows/un-letter.xml: cleared by the head" \
    "of the International Organisations Department and the legal adviser, signed by the" \
    "Permanent Representative, numbered in the UN series. It asks that the letter be" \
    "circulated as a document of the General Assembly, under agenda items 35 and" \
    "71 (b), and of the Security Council ($content/un-letter.xml)."
new_document doc new --kind un-letter \
  --subject "Letter to the Secretary-General: missing persons and hostages (A/81, S)" \
  --as "$un_drafter" --content "$content/un-letter.xml" --language en \
  --to un-sg --campaign "Missing persons and hostages"
unl=$doc
show act "$unl" submit --as "$un_drafter"
show act "$unl" clear --as "$io_head" --comment "Agenda items 35 and 71 (b) are right."
show act "$unl" clear --as "$legal"
show act "$unl" sign --as "$permrep"

# ---------------------------------------------------------------------------------
section "15. The press release"
say "The press service's release follows workflows/press-release.xml: approved by the" \
    "spokesperson, numbered in the PR series and rendered, held until its embargo lifts" \
    "(this one is for immediate release: <immediate/>), then sent to every media entry" \
    "of the directory. It has no recipients of its own."
new_document doc new --kind press-release \
  --subject "The Minister's letters on hostages and missing persons" \
  --as "$press" --content "$content/press-release.xml" --language en \
  --campaign "Missing persons and hostages"
pr=$doc
show act "$pr" submit --as "$press"
show act "$pr" approve --as "$spokesperson"

# ---------------------------------------------------------------------------------
section "16. Rendering and dispatch of the letters and the press release"
say "One pass of the job runner renders the four documents, numbered at registration," \
    "and sends them: the letters and the UN letter to their recipients, the press" \
    "release to every media entry of the directory."
show jobs run --once
expect_state "${letter[un-sg]}" awaiting-reply
expect_state "${letter[icrc-president]}" awaiting-reply
expect_state "$unl" awaiting-issuance
expect_state "$pr" released
say "" "Where each document stands now:"
for id in "${letter[un-sg]}" "${letter[icrc-president]}" "$unl" "$pr"; do
  printf '  document %-3s %-14s %-25s %s\n' "$id" "$(number_of "$id")" "$(state_of "$id")" \
    "$(run doc show "$id" | sed -n 's/^ *Workflow: *//p')"
done
say "" "The letters wait for a reply, the UN letter for its issuance as a UN document (the" \
    "registry then records its symbol), the press release is released. Their tracking:"
for id in "${letter[un-sg]}" "${letter[icrc-president]}" "$unl" "$pr"; do
  show track "$id"
done
say "" "Each kind as the recipient sees it:"
render_all "${letter[un-sg]}" letter
render_all "$unl" un-letter
render_all "$pr" press-release
shell_line "cat $(rel "$renders")/letter.txt"
cat "$renders/letter.txt"

# ---------------------------------------------------------------------------------
section "17. Acknowledgements of receipt"
say "Without a mail server there are no delivery reports or replies to read ('chancery" \
    "mail poll' reads them from the registry mailbox). An acknowledgement can also come" \
    "by telephone or by hand: the registry officer records it. The note verbale closes" \
    "by itself once every recipient has acknowledged (its only recipient here)."
doc_header "$nv"
nv_dispatch=$(first_dispatch "$nv")
show track ack "$nv_dispatch" --as "$registry" \
  --comment "Receipt acknowledged by telephone by the Embassy's chancery (Ms. Keller)."
show track "$nv"
expect_state "$nv" closed
printf '\n$ chancery doc show %s | head -n 4\n' "$nv"
run doc show "$nv" | head -n 4
printf '\n$ chancery doc history %s | tail -n 4\n' "$nv"
run doc history "$nv" | tail -n 4
say "" "The Executive Office of the Secretary-General acknowledges the Minister's letter;" \
    "it closes too (the letter workflow closes on a reply or on every acknowledgement)."
show track ack "$(first_dispatch "${letter[un-sg]}")" --as "$registry" \
  --comment "Acknowledged by the Executive Office of the Secretary-General (e-mail forwarded by the Permanent Mission)."
expect_state "${letter[un-sg]}" closed
printf '\n$ chancery doc show %s | head -n 4\n' "${letter[un-sg]}"
run doc show "${letter[un-sg]}" | head -n 4
say "" "Nothing is overdue yet: acknowledgements are due five days after sending."
show track --overdue

# ---------------------------------------------------------------------------------
section "18. What the documents look like"
say "The PDFs of $(rel "$renders")/, first page as PNG (60 dpi; docs/examples/ holds copies):"
if command -v pdftoppm >/dev/null; then
  for kind in note-verbale letter un-letter press-release; do
    shell_line "pdftoppm -png -r 60 -f 1 -l 1 -singlefile $(rel "$renders")/$kind.pdf $(rel "$renders")/$kind"
    pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$renders/$kind.pdf" "$renders/$kind"
  done
else
  say "  (pdftoppm is not installed: 'apt-get install poppler-utils' to make the previews; skipped)"
fi

# ---------------------------------------------------------------------------------
section "19. The audit trail"
say "Every event (users, directory, documents, actions, jobs, dispatches) is chained by" \
    "SHA-256: changing or deleting any past event breaks the chain. Verify it, and keep a" \
    "copy of the head hash elsewhere: 'audit verify --head HASH' later proves that the" \
    "trail still holds every event up to that point."
show audit verify
show audit head
head_hash=$(run audit head)
show audit verify --head "$head_hash"

# ---------------------------------------------------------------------------------
section "Done"
say "Note verbale $(number_of "$nv") (document $nv) was sent and is closed; letters" \
    "$(number_of "${letter[un-sg]}") (closed) and $(number_of "${letter[icrc-president]}") (awaiting reply)," \
    "UN letter $(number_of "$unl") (awaiting issuance) and press release $(number_of "$pr") (released)" \
    "went out through the outbox; six letters wait for the head of division." \
    "" \
    "What is in $(rel "$out")/ (size in bytes, path):"
(cd "$out" && find . -type f -printf '%10s  %P\n' | sort -k2)
say "" \
  "  chancery.properties   the settings of this demo (pass it with --config)" \
  "  chancery.db           the SQLite store: documents, revisions, events, jobs, dispatches" \
  "  outbox/               what was sent: dispatch-N.eml and dispatch-N.files/<number>.pdf" \
  "  render/               each kind as PDF, HTML and text (and PNG previews of the PDFs)" \
  "" \
  "Try next:" \
  "  export PATH=$(dirname "$chancery"):\$PATH CHANCERY_CONFIG=$config" \
  "  chancery status               # the work in the store, and what needs attention" \
  "  chancery inbox --as $head" \
  "  chancery doc history ${letter[icrc-president]}" \
  "  chancery track ${letter[icrc-president]}" \
  "  chancery render $nv --revision 1 --format html --output $out/render/note-verbale-1.html" \
  "  chancery backup $out/backup.db   # a checked copy while work goes on" \
  "  chancery serve --no-mail      # runs the timers as they fall due; Ctrl-C stops" \
  "  chancery --help" \
  "Run deploy/demo.sh again to start over with a fresh demo-output/."
