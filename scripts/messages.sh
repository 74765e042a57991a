#!/usr/bin/env bash
# Regenerates the gettext catalogues: one per app that has a locale/ folder (so each app
# owns its strings), and the project catalogue in locale/ for templates/, config/ and the
# apps without their own. Then translate the empty entries and run `make compilemessages`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
admin="$root/.venv/bin/django-admin"
own=()
for dir in "$root"/delaktig/*/; do
  app=$(basename "$dir")
  if [ -d "$dir/locale" ]; then
    own+=(--ignore "delaktig/$app/*")
    (cd "$dir" && DJANGO_SETTINGS_MODULE=config.settings.dev PYTHONPATH="$root" \
      "$admin" makemessages -l sv -l en --no-obsolete -v 0)
  fi
done
cd "$root"
DJANGO_SETTINGS_MODULE=config.settings.dev "$admin" makemessages -l sv -l en --no-obsolete -v 0 \
  --ignore '.venv/*' --ignore 'e2e/*' --ignore 'bench/*' --ignore 'scripts/*' "${own[@]}"
