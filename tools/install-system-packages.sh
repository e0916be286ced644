#!/usr/bin/env bash
# Debian packages the demo and the tests use: real Orthanc servers, dcmtk/dicom3tools/GDCM as independent
# DICOM readers and validators, Chromium for the viewer tests, PostgreSQL (server binaries for private test
# clusters: the shared state of many sidecar workers), docker-compose to validate the production compose file.
set -euo pipefail
packages=(orthanc orthanc-dicomweb dcmtk dicom3tools libgdcm-tools chromium sqlite3 postgresql docker-compose)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi
# The Debian package starts a system-wide Orthanc service; our tests and demo run their own instances.
if command -v systemctl >/dev/null 2>&1; then systemctl stop orthanc >/dev/null 2>&1 || true; fi
# Likewise PostgreSQL's system cluster: tests start private clusters in temporary folders.
if command -v systemctl >/dev/null 2>&1; then systemctl stop postgresql >/dev/null 2>&1 || true; fi
