# mou-bot in a container: built with the locked dependencies, run as a non-root user from a
# small base, the corpus baked in and its index built at image build time. Configuration
# comes from the environment only (TELOXIDE_TOKEN, MOU_WEBHOOK_URL, …; see .env.example).
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
 && useradd --system --uid 10001 --home-dir /var/lib/mou-bot --create-home mou-bot
COPY --from=build /src/target/release/mou-bot /usr/local/bin/mou-bot
COPY --from=build /src/corpus /app/corpus
# The bot's user owns the index: Tantivy takes a lock file in it even to read, and /reindex
# rebuilds it in place.
COPY --from=build --chown=mou-bot:mou-bot /index /app/index
WORKDIR /app
ENV MOU_CORPUS=/app/corpus \
    MOU_INDEX=/app/index \
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
ENTRYPOINT ["mou-bot"]
CMD ["serve"]
