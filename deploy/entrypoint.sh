#!/bin/sh
# The image's entrypoint: on the first start with an empty volume, the documents the image was
# built with become the volume's corpus (a named volume is filled from the image by Docker and
# podman themselves; a bind mount is not). From then on the corpus and the index live on the
# volume, where documents added from Telegram survive a redeploy.
set -eu
if [ -z "$(ls -A "$MOU_CORPUS" 2>/dev/null)" ]; then
  mkdir -p "$MOU_CORPUS"
  cp -R /app/corpus/. "$MOU_CORPUS/"
fi
exec mou-bot "$@"
