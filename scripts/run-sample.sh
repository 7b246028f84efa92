#!/usr/bin/env bash
# Runs the sample residential gateway (samples/ResidentialGateway). Arguments are passed to the sample,
# e.g. scripts/run-sample.sh --exit-after-start
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

exec dotnet run --project samples/ResidentialGateway -c Release -- "$@"
