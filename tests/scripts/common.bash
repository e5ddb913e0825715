# common.bash - the preamble the scripts of tests/scripts share.  tests/run.sh
# runs each script with MRBC set to the mrb binary; the script sets its
# shell options, then
#     . "$(dirname "$0")/common.bash"
# and finds
#   here  the folder tests/
#   root  the top of the tree
#   work  a scratch folder of its own, removed when the script exits (a
#         script with more to do at exit sets its own EXIT trap, which
#         removes "$work" too)
# Not a test itself: run.sh runs the *.sh files only.
: "${MRBC:?set MRBC to the mrb binary}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
