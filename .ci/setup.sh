#!/usr/bin/env bash
# Installs what flopcast needs from Debian 12 packages (only what is missing), then configures
# and builds it in Release into ./build. Safe to run again: it only redoes what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ ninja-build ccache libboost-program-options-dev libtbb-dev libyaml-cpp-dev libnlopt-cxx-dev libglpk-dev catch2
          gnuplot-nox python3 python3-jsonschema python3-yaml libbenchmark-dev libopenmpi-dev openmpi-bin chromium
          clang libclang-rt-14-dev)  # clang: the sanitizer and fuzz steps of .ci/run (docs/reliability.md)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "flopcast setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DFLOPCAST_BUILD_TESTS=ON -DFLOPCAST_MPI=ON >/dev/null
cmake --build build --parallel 2
