#!/bin/sh
# Runs the image `mou-bot` as `serve`, named mou-e2e, on the host's network, with the Bot API
# address and token the tg-e2e harness gives (for deploy/container-cases.jsonl). PODMAN can
# carry runtime options, e.g. "podman --runtime runc --cgroup-manager=cgroupfs".
exec ${PODMAN:-podman} run --rm --name mou-e2e --network=host \
  -e TELOXIDE_TOKEN -e TELOXIDE_API_URL -e NO_PROXY -e RUST_LOG mou-bot serve
