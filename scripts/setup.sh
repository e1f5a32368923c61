#!/usr/bin/env bash
# Installs the Debian 12 packages geostrat builds with (lrslib only serves as
# the reference in the equilibrium benchmark; OpenMPI is optional, for sweeps
# across processes; tmux runs the seminar mode's terminal test; chromium only
# renders the HTML reports in their browser test; clang, its libFuzzer and
# sanitizer runtimes and LLVM's OpenMP build the fuzz targets of
# scripts/fuzz.sh; python3-dev and pybind11-dev build the Python module, whose
# tests use numpy and pytest; pandas, matplotlib, nbconvert and ipykernel run
# the notebooks of examples/). Safe to rerun: it asks apt only
# for packages that are not installed yet.
set -euo pipefail

packages=(
  build-essential cmake
  libboost-dev libboost-program-options-dev
  libeigen3-dev libcereal-dev nlohmann-json3-dev
  catch2 librandom123-dev
  libgmp-dev libglpk-dev
  lrslib
  libopenmpi-dev openmpi-bin
  tmux
  chromium
  clang libclang-rt-14-dev libomp-dev
  python3-dev pybind11-dev python3-numpy python3-pytest
  python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
