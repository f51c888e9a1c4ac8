#!/usr/bin/env bash
# Pango for WeasyPrint (the certificate PDFs): installed with apt-get when missing and running as root.
set -u
PKGS="libpango-1.0-0 libpangoft2-1.0-0"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing$missing for WeasyPrint…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null && exit 0
fi
echo "!!!!!! Missing system libraries for WeasyPrint:$missing (not root, or apt-get failed)."
echo "!!!!!! Install them with: apt-get install$missing"
exit 0
