# mou-bot in a container: built with the locked dependencies, run as a non-root user from a
# small base. The corpus and its index live on the volume /var/lib/mou-bot, which the image
# fills on first use with the corpus it was built with and that corpus's index: documents added
# from Telegram are written there and survive a redeploy. Configuration comes from the
# environment only (TELOXIDE_TOKEN, MOU_WEBHOOK_URL, …; see .env.example).
#
#   docker build -t mou-bot .
#   docker run --rm mou-bot ask "Who signed the memorandum?"
#   docker run -d --env-file .env -v mou-bot-data:/var/lib/mou-bot mou-bot

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && strip target/release/mou-bot \
 && target/release/mou-bot --corpus corpus --index /index reindex

FROM debian:bookworm-slim
# curl for the health check; CA certificates for api.telegram.org.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 mou-bot \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home mou-bot \
 && mkdir -p /var/lib/mou-bot && chown mou-bot:mou-bot /var/lib/mou-bot
COPY --from=build /src/target/release/mou-bot /usr/local/bin/mou-bot
COPY deploy/entrypoint.sh /usr/local/bin/mou-bot-entrypoint
# The documents the image was built with, to seed an empty volume from (bind mounts are not
# filled by the runtime).
COPY --from=build /src/corpus /app/corpus
# On the volume, owned by the bot's user: it adds documents, and Tantivy takes a lock file in
# the index even to read, and /reindex rebuilds it in place.
COPY --from=build --chown=mou-bot:mou-bot /src/corpus /var/lib/mou-bot/corpus
COPY --from=build --chown=mou-bot:mou-bot /index /var/lib/mou-bot/index
WORKDIR /app
ENV MOU_CORPUS=/var/lib/mou-bot/corpus \
    MOU_INDEX=/var/lib/mou-bot/index \
    MOU_QUESTION_LOG=/var/lib/mou-bot/questions.jsonl \
    MOU_METRICS_LISTEN=0.0.0.0:9184 \
    HEALTH_PORT=9184 \
    RUST_LOG=info
USER mou-bot
VOLUME /var/lib/mou-bot
EXPOSE 8443 9184
# /healthz is on MOU_METRICS_LISTEN in both modes (in webhook mode it stays off the public
# listener); HEALTH_PORT only changes if MOU_METRICS_LISTEN's port does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${HEALTH_PORT}/healthz" || exit 1
ENTRYPOINT ["mou-bot-entrypoint"]
CMD ["serve"]
