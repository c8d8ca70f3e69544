# Shared by deploy/quickstart.sh and tests/run.sh: package installation and build.
# Source it; it defines functions only.

# install_packages LIST_FILE...: installs the Debian packages named in the files
# (one per line, # comments) that are not installed yet.
install_packages() {
  local missing=() pkg
  while read -r pkg; do
    [ -n "$pkg" ] || continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done < <(cat "$@" | sed 's/#.*//; s/[[:space:]]//g')
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  echo "Installing: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: packages are missing and only root can install them: ${missing[*]}" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# build_chancery BUILD_DIR [cmake options...]: configures (once) and builds.
build_chancery() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
  cmake --build "$dir" >&2
}
