#!/bin/sh
# Render a board report to PNG and PDF with headless Chromium, to look at how it prints.
#   scripts/render-report.sh PLAN.ron [OUTDIR] [extra `ragboard report` options...]
# Writes OUTDIR/report.html, OUTDIR/report.png (first A4 page at 96 dpi, in colour),
# OUTDIR/report-grey.png (the same in greyscale, as a black-and-white printer sees it)
# and OUTDIR/report.pdf (A4, every page).
set -eu
plan=${1:?usage: scripts/render-report.sh PLAN.ron [OUTDIR] [report options...]}
outdir=${2:-target/report}
[ $# -ge 2 ] && shift 2 || shift 1
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
cargo run --quiet -- report "$plan" --format html -o "$outdir/report.html" "$@"
chrome=$(command -v chromium || command -v chromium-headless || command -v google-chrome || true)
if [ -z "$chrome" ]; then
  echo "no chromium found: install one (apt-get install chromium)" >&2
  exit 2
fi
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-pdf-header-footer"
# 794 px = 210 mm at 96 dpi; 1123 px = 297 mm.
"$chrome" $flags --window-size=794,1123 --screenshot="$outdir/report.png" "file://$outdir/report.html" 2>/dev/null
"$chrome" $flags --print-to-pdf="$outdir/report.pdf" "file://$outdir/report.html" 2>/dev/null
# Greyscale copy: the same page through a CSS filter, as a black-and-white print.
sed 's|<body>|<body style="filter: grayscale(1)">|' "$outdir/report.html" > "$outdir/report-grey.html"
"$chrome" $flags --window-size=794,1123 --screenshot="$outdir/report-grey.png" "file://$outdir/report-grey.html" 2>/dev/null
echo "$outdir/report.png $outdir/report-grey.png $outdir/report.pdf"
