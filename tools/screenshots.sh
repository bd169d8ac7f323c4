#!/usr/bin/env bash
# Screenshots for docs/: every preset in the builder, and the window while training.
# Uses ../shared/tools/screenshot (a private Xvfb); run from the repository root.
set -euo pipefail
shot=../shared/tools/screenshot
app=.venv/bin/layerlab
mkdir -p docs/presets
export XDG_CONFIG_HOME="$(mktemp -d)"  # default layout; the user's settings untouched
for spec in src/layerlab/resources/examples/*.json; do
  name=$(basename "$spec" .json)
  "$shot" "docs/presets/$name.png" LayerLab 2 -- "$app" "$spec"
done
"$shot" docs/training.png LayerLab 12 -- "$app" --train src/layerlab/resources/examples/reference_bn.json
"$shot" docs/main_window.png LayerLab 3 -- "$app"
