# syntax=docker/dockerfile:1
# influxdump in a container: `docker build -t influxdump .`, then see deploy/README.md.
#
# Builder: the official Swift image on Debian 12, the toolchain the project is tested with
# (Swift 6.3). Override with --build-arg SWIFT_IMAGE=swift:6.1-bookworm or a pinned digest.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
# The two C libraries influxdump links itself (CCurl, CZstd). No libyaml-dev: Yams compiles
# its own copy of LibYAML (its CYaml target). Versions are not pinned: Debian replaces them on
# every security update, so a pin would break the build instead of keeping it reproducible.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libzstd-dev libcurl4-openssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer, so an edit to Sources/ does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
# --static-swift-stdlib: the Swift runtime and Foundation (with its ICU data) are linked in.
# The binary then needs (readelf -d, NEEDED) only libzstd.so.1, libcurl.so.4, libstdc++.so.6,
# libgcc_s.so.1 and glibc: no libyaml, libxml2 or ICU package.
RUN swift build -c release --static-swift-stdlib --product influxdump \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/influxdump" /staging/usr/local/bin/influxdump \
    && strip /staging/usr/local/bin/influxdump

FROM ${RUNTIME_IMAGE}
# libcurl4 (HTTP; pulls in its own TLS, nghttp2, krb5… libraries), libzstd1 (segments),
# libstdc++6 (already in the base image, named to be explicit), ca-certificates (https),
# tzdata (the `timezone` key of job schedules). libgcc-s1 and libc6 are in the base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libcurl4 libzstd1 libstdc++6 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 influxdump \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin influxdump \
    && install -d -o 10001 -g 10001 -m 0700 /archive \
    && install -d -m 0755 /config
COPY --from=build /staging/ /
USER 10001:10001
# /config: job files (mount read-only); /archive: where job files put their archives
# (target.archive.path: /archive). A new named volume takes /archive's owner from the image.
VOLUME ["/config", "/archive"]
WORKDIR /archive
# `run` stops cleanly on SIGTERM (exit 0): running windows are abandoned, nothing unfinished
# gets a manifest. Give it a grace period (`docker stop -t 60`, compose stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["influxdump"]
CMD ["run", "/config"]
