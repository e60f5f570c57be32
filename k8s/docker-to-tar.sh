#!/usr/bin/env bash
# Not Docker: the one thing Jib asks of a `docker` executable, done without a daemon.
#
# The Quarkus Jib extension builds an image either to a registry (push) or "to the Docker
# daemon", which means it runs `docker info` and then `docker load` with the finished image
# (a `docker save` tarball) on standard input. build-images.sh points
# quarkus.jib.docker-executable-name here, so that tarball is simply written to
# $IMAGE_TAR_DIR/<image name>.tar, e.g. k8s/target/images/send-gateway.tar, ready for
# `docker load`, `kind load image-archive`, `ctr images import` or `skopeo copy docker-archive:…`.
set -euo pipefail

case "${1:-}" in
    info)
        # jib-core reads the daemon's OS and architecture to pick the base image platform.
        case "$(uname -m)" in
            aarch64 | arm64) arch=aarch64 ;;
            *) arch=x86_64 ;;
        esac
        printf '{"OSType":"linux","Architecture":"%s"}\n' "$arch"
        ;;
    load)
        dir=${IMAGE_TAR_DIR:?IMAGE_TAR_DIR is not set: run k8s/build-images.sh}
        mkdir -p "$dir"
        part=$(mktemp "$dir/.load.XXXXXX")
        cat >"$part"
        tag=$(tar -xOf "$part" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p')
        [[ -n $tag ]] || { rm -f "$part"; echo "docker-to-tar: no RepoTags in the image" >&2; exit 1; }
        name=${tag##*/}
        name=${name%%:*}
        mv "$part" "$dir/$name.tar"
        echo "Loaded image: $tag"
        echo "docker-to-tar: $tag written to $dir/$name.tar" >&2
        ;;
    *)
        echo "docker-to-tar: \`docker $*\` is not supported: this only writes images built by Jib to tar files" >&2
        exit 1
        ;;
esac
