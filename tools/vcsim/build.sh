#!/usr/bin/env bash
# Builds tools/vcsim against Debian's golang-github-vmware-govmomi-dev, offline (GOPATH mode: the
# packaged sources under /usr/share/gocode, nothing fetched). Output: dist/tools/vcsim/vcsim.
# Exit 3 with one line when Go or the package is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v go >/dev/null 2>&1; then echo "vcsim: go is not installed (apt-get install golang-go)" >&2; exit 3; fi
if [ ! -d /usr/share/gocode/src/github.com/vmware/govmomi/simulator ]; then echo "vcsim: govmomi is not installed (apt-get install golang-github-vmware-govmomi-dev)" >&2; exit 3; fi
mkdir -p dist/tools/vcsim
export GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= GOCACHE="${GOCACHE:-$PWD/dist/tools/vcsim/.gocache}"
go build -o dist/tools/vcsim/vcsim ./tools/vcsim
