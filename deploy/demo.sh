#!/usr/bin/env bash
# The demo scenario: a guided tour of what Chancery does today, step by step.
#
# A note verbale of the Ministry of Foreign Affairs of the Republic of Azerbaijan to
# the Embassy of the Swiss Confederation in Baku (missing persons and hostages) is
# drafted, returned, revised, approved, cleared by the legal and political
# departments, initialled by the director and numbered by the registry.
#
# Usage: deploy/demo.sh PATH/TO/chancery
# Works from any directory and may be run again: each run starts a fresh SQLite
# database in demo-output/chancery.db (the old one is deleted). The users, the names
# and the mail addresses (under .test) are fictional.
set -euo pipefail
unset CDPATH

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
db_file=demo-output/chancery.db
db="sqlite:$db_file"
content=deploy/demo

# ---------------------------------------------------------------------------------
# Presentation helpers.
rule='================================================================================'
section() { printf '\n%s\n%s\n%s\n' "$rule" "$*" "$rule"; }
say() { printf '%s\n' "$@"; }
# print_command ARGS...: "$ chancery ARGS" as an operator would type it, quoting
# arguments with spaces or shell characters in single quotes.
print_command() {
  local out='$ chancery' a
  for a in "$@"; do
    if [[ $a =~ ^[A-Za-z0-9@%+=:,./_-]+$ ]]; then
      out+=" $a"
    else
      out+=" '${a//"'"/"'\\''"}'"
    fi
  done
  printf '\n%s\n' "$out"
}
# show ARGS...: print the command, then run it against the demo database.
show() {
  print_command "$@"
  "$chancery" --db "$db" --workflows workflows "$@"
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

# The people of the scenario (login, then who they are). Logins are what `--as` takes.
drafter=leyla.hasanova      # desk officer, Department of Humanitarian and Social Issues
drafter2=rashad.mammadov    # second desk officer in the same department
head=elnur.guliyev          # head of the Division of Multilateral Humanitarian Cooperation
legal=aytan.ismayilova      # legal adviser, Department of International Law and Treaties
political=farid.huseynov    # desk officer for Switzerland, Department of Europe
director=nigar.abbasova     # director, Department of Humanitarian and Social Issues
registry=tural.karimov      # registry officer, Documents and Correspondence Office
humanitarian="Humanitarian and Social Issues"

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
section "2. A fresh database"
say "The demo keeps everything in one SQLite file, $db_file, recreated on every run." \
    "Every command below is run as: chancery --db $db --workflows workflows ..."
mkdir -p demo-output
rm -f "$db_file" "$db_file-wal" "$db_file-shm" "$db_file-journal"
show init

# ---------------------------------------------------------------------------------
section "3. The people of the Ministry"
say "Users hold roles named in the workflow. The drafting department matters: a" \
    "returned draft can be taken over by any desk officer of the same department."
say "" \
    "  Leyla Hasanova    desk officer, Department of Humanitarian and Social Issues" \
    "  Rashad Mammadov   desk officer, same department" \
    "  Elnur Guliyev     head of the Division of Multilateral Humanitarian Cooperation" \
    "  Aytan Ismayilova  legal adviser, Department of International Law and Treaties" \
    "  Farid Huseynov    political clearance: desk officer for Switzerland, Department of Europe" \
    "  Nigar Abbasova    director of the Department of Humanitarian and Social Issues" \
    "  Tural Karimov     registry officer, Documents and Correspondence Office"
show user add "$drafter" --role drafter --department "$humanitarian"
show user add "$drafter2" --role drafter --department "$humanitarian"
show user add "$head" --role head-of-division --department "$humanitarian"
show user add "$legal" --role legal --department "International Law and Treaties"
show user add "$political" --role political --department "Europe"
show user add "$director" --role director --department "$humanitarian"
show user add "$registry" --role registry --department "Documents and Correspondence Office"
show user list

# ---------------------------------------------------------------------------------
section "4. Leyla Hasanova drafts the note verbale"
say "The Ministry asks the Embassy of the Swiss Confederation to convey to Bern a request" \
    "for support on Azerbaijani nationals taken hostage and missing persons. The content" \
    "is XML ($content/note-verbale.xml); legal-clearance=\"required\" on its root will send" \
    "it to the legal and political departments after the head of division approves it." \
    "doc new prints the new document's id alone, so a script can capture it."
subject="Azerbaijani hostages and missing persons: request for support"
new_args=(doc new --kind note-verbale --subject "$subject" --as "$drafter"
  --content "$content/note-verbale.xml" --language en --classification unclassified
  --to embassy.switzerland@mfa-baku.test --campaign "Missing persons and hostages")
print_command "${new_args[@]}"
id=$("$chancery" --db "$db" --workflows workflows "${new_args[@]}")
if ! [[ $id =~ ^[0-9]+$ ]]; then
  echo "demo.sh: expected a document id from 'doc new', got '$id'" >&2
  exit 1
fi
say "$id" "  -> the note is document $id, in state 'draft'."
show act "$id" submit --as "$drafter"

# ---------------------------------------------------------------------------------
section "5. Review by the head of division: returned with a comment"
say "Elnur Guliyev opens his inbox: the note waits for him, with what he may do."
show inbox --as "$head"
say "" "The rules are enforced by the engine, not by the screen: the drafter cannot" \
    "approve her own note (she does not hold the role, and a drafter never reviews" \
    "her own work)."
refused act "$id" approve --as "$drafter"
say "" "The head of division returns it; a return must say why."
show act "$id" return --as "$head" \
  --comment "Please cite General Assembly resolution 73/178 on missing persons in the second paragraph."

# ---------------------------------------------------------------------------------
section "6. The drafter revises and resubmits"
say "The returned note is back in the drafting department: both desk officers see it."
show inbox --as "$drafter2"
say "" "Leyla Hasanova saves a revision ($content/note-verbale-revised.xml, citing" \
    "resolution 73/178). Each save is a new, immutable revision; doc edit prints its number."
show doc edit "$id" --content "$content/note-verbale-revised.xml" --as "$drafter"
show act "$id" submit --as "$drafter"

# ---------------------------------------------------------------------------------
section "7. Approval, then legal and political clearance"
say "The note, now at revision 2, is back with the head of division."
show inbox --as "$head"
say "" "Approved: because the draft asks for legal clearance, it goes to 'legal-clearance'."
show act "$id" approve --as "$head" --comment "Thank you. Approved for clearance."
say "" "Clearance needs one 'clear' from each of legal and political, in any order."
show act "$id" clear --as "$legal" --comment "No objection from the legal side."
show act "$id" clear --as "$political" \
  --comment "Cleared; consistent with our bilateral line with the Swiss Confederation."

# ---------------------------------------------------------------------------------
section "8. The director initials; the registry number is assigned"
say "A note verbale is initialled and sealed, not signed. The director's inbox:"
show inbox --as "$director"
say "" "Initialling moves the note to 'registration', which runs by itself: it takes the" \
    "next number of the year in the NV series (never reused, never skipped), then" \
    "schedules rendering and dispatch by email."
show act "$id" initial --as "$director"

# ---------------------------------------------------------------------------------
section "9. The record"
say "The document now: state, registry number, revision, recipients and content."
show doc show "$id"
say "" "Its history, oldest first: every action with who, when, in which role and why." \
    "Note the 'registered' event carrying the registry number."
show doc history "$id"

# ---------------------------------------------------------------------------------
section "10. Background jobs: rendering and dispatch"
say "Timers (reminders, escalations) and the automatic steps run as jobs. The" \
    "render (PDF, HTML, text) and email dispatch steps have no runner in this build" \
    "yet, so the render job fails and is scheduled for a retry: the note stays in" \
    "'registration', numbered, until a runner is configured. The other waiting jobs" \
    "are due-date timers; they fire later and are dropped if the note has moved on." \
    "Once sent, the note waits in 'awaiting-acknowledgement', where the registry" \
    "(Tural Karimov) follows it until the Embassy acknowledges receipt."
rc=0
show jobs run --once || rc=$?
if [[ $rc -ne 0 ]]; then
  say "  -> jobs run exited with code $rc (the demo carries on)."
fi
say "" "The attempt is on the record too (last events of the history):"
printf '\n$ chancery doc history %s | tail -n 2\n' "$id"
"$chancery" --db "$db" --workflows workflows doc history "$id" | tail -n 2

# ---------------------------------------------------------------------------------
section "11. The audit trail"
say "Every event (users, documents, actions, jobs) is chained by SHA-256: changing or" \
    "deleting any past event breaks the chain. Verify it, and keep a copy of the head" \
    "hash elsewhere: 'audit verify --head HASH' later proves that the trail still holds" \
    "every event up to that point."
show audit verify
show audit head

# ---------------------------------------------------------------------------------
number=$("$chancery" --db "$db" --workflows workflows doc show "$id" |
  sed -n 's/^ *Registry number: *//p')
section "Done"
say "Note verbale ${number:-(unnumbered)} (document $id) is registered; it waits for the render" \
    "and dispatch runners. The database is $root/$db_file" \
    "" \
    "Try next (the exports save repeating the path, --db and --workflows):" \
    "  export PATH=$(dirname "$chancery"):\$PATH" \
    "  export CHANCERY_DB=sqlite:$root/$db_file CHANCERY_WORKFLOWS=$root/workflows" \
    "  chancery doc history $id" \
    "  chancery jobs run      # keeps polling: the render retry backs off; Ctrl-C stops" \
    "  chancery doc new --kind note-verbale --subject 'Second note' --as $drafter2 \\" \
    "      --content $root/$content/note-verbale.xml --to embassy.switzerland@mfa-baku.test" \
    "  chancery inbox --as $drafter2" \
    "  chancery workflows show $root/workflows/letter-to-organisation.xml" \
    "  chancery --help" \
    "Run deploy/demo.sh again to start over with a fresh database."
