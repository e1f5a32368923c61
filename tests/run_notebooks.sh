#!/usr/bin/env bash
# Executes every notebook in examples/ top to bottom with the Python module
# just built (jupyter nbconvert --execute), so that they never rot: a cell
# that raises, an assertion in a notebook, or a folder without notebooks
# fails the test. The executed copies go to a temporary folder; the shipped
# notebooks stay without outputs.
#   tests/run_notebooks.sh SOURCE_DIR PYTHON_MODULE_DIR
set -euo pipefail
source_dir=$1
module_dir=$2
command -v jupyter >/dev/null || {
  echo "run_notebooks: jupyter is not installed (Debian: jupyter-nbconvert python3-ipykernel; scripts/setup.sh installs them)" >&2
  exit 1
}
shopt -s nullglob
notebooks=("$source_dir"/examples/*.ipynb)
if [ ${#notebooks[@]} -eq 0 ]; then
  echo "run_notebooks: no notebooks in $source_dir/examples" >&2
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for nb in "${notebooks[@]}"; do
  echo "run_notebooks: $(basename "$nb")"
  # Each notebook runs in its own folder (its working directory), as a
  # reader would open it.
  if ! PYTHONPATH="$module_dir" GEOSTRAT_SOURCE_DIR="$source_dir" PYDEVD_DISABLE_FILE_VALIDATION=1 \
    MPLBACKEND=agg jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --output-dir "$out" "$nb" > "$out/log" 2>&1; then
    cat "$out/log" >&2
    echo "run_notebooks: $(basename "$nb") failed" >&2
    exit 1
  fi
  rm -f "$out/$(basename "$nb")"
done
echo "run_notebooks: ${#notebooks[@]} notebook(s) ran"
