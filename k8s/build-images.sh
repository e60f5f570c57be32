#!/usr/bin/env bash
# Builds the four service images with the Quarkus Jib extension, without a Docker daemon:
#
#   k8s/build-images.sh [--push] [--check] [--base-only] [service ...]
#
# Default: writes mintpost/<service>:<version> as `docker save` tarballs to k8s/target/images/
# (<service>.tar). With --push: pushes them to $IMAGE_REGISTRY instead (credentials from the
# usual Docker config / credential helpers). With --check: after building tars, unpacks each
# image and runs its java as the image's user in a chroot (root needed), to show the image works.
# With --base-only: only builds the base image tar (see BASE_IMAGE) and stops.
#
# Environment:
#   BASE_IMAGE       the JVM base image: a registry reference such as a ubi9/openjdk-17-runtime
#                    tag where that registry is reachable, or tar:///path/to/docker-save.tar.
#                    Unset: k8s/target/images/base-jre17.tar, built here once with mmdebstrap
#                    (Debian bookworm minbase + openjdk-17-jre-headless, user 185), from Debian's
#                    package mirror: the only source of a JRE image reachable on this machine.
#   IMAGE_REGISTRY   with --push: where to push (the manifests then need `kustomize edit set image`)
#   IMAGE_TAG        default: the project version (what the manifests use)
#   IMAGE_TAR_DIR    default: k8s/target/images
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
services=(send-gateway token-service dispatch-worker audit-service webhook-service)
push=false
check=false
base_only=false
selected=()
for arg in "$@"; do
    case "$arg" in
        --push) push=true ;;
        --check) check=true ;;
        --base-only) base_only=true ;;
        -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
        -*) echo "unknown option $arg" >&2; exit 2 ;;
        *) selected+=("$arg") ;;
    esac
done
[[ ${#selected[@]} -gt 0 ]] || selected=("${services[@]}")
export IMAGE_TAR_DIR=${IMAGE_TAR_DIR:-$here/target/images}
mkdir -p "$IMAGE_TAR_DIR"

# --- the base image ---------------------------------------------------------------------------
build_base() {
    local out=$1 work
    if ! command -v mmdebstrap >/dev/null; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            apt-get install -y -q mmdebstrap >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q mmdebstrap >/dev/null; }
        else
            echo "mmdebstrap is needed to build the base image (apt-get install mmdebstrap), or set BASE_IMAGE" >&2
            exit 1
        fi
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    echo "building the base image (Debian bookworm + openjdk-17-jre-headless) ..." >&2
    # man1 must exist: the JRE's update-alternatives links its man page there.
    mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
        --customize-hook='echo "jboss:x:185:185:Quarkus:/home/jboss:/usr/sbin/nologin" >> "$1/etc/passwd"' \
        --customize-hook='echo "jboss:x:185:" >> "$1/etc/group"' \
        --customize-hook='mkdir -p "$1/home/jboss" && chown 185:185 "$1/home/jboss"' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
        bookworm "$work/layer.tar"
    local layer config arch
    case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in
        arm64 | aarch64) arch=arm64 ;;
        *) arch=amd64 ;;
    esac
    layer=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    mkdir "$work/$layer"
    mv "$work/layer.tar" "$work/$layer/layer.tar"
    printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-%s","LANG=C.UTF-8"],"User":"185","WorkingDir":"/home/jboss"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"mmdebstrap bookworm minbase + openjdk-17-jre-headless"}]}' \
        "$arch" "$arch" "$layer" >"$work/config.json"
    config=$(sha256sum "$work/config.json" | cut -d' ' -f1)
    mv "$work/config.json" "$work/$config.json"
    printf '[{"Config":"%s.json","RepoTags":["mintpost/jre17-base:bookworm"],"Layers":["%s/layer.tar"]}]' \
        "$config" "$layer" >"$work/manifest.json"
    tar -C "$work" -cf "$out.part" manifest.json "$config.json" "$layer"
    mv "$out.part" "$out"
}

if [[ -z ${BASE_IMAGE:-} ]]; then
    base_tar=$IMAGE_TAR_DIR/base-jre17.tar
    [[ -f $base_tar ]] || build_base "$base_tar"
    BASE_IMAGE=tar://$base_tar
fi
if $base_only; then
    echo "base image: $BASE_IMAGE"
    exit 0
fi

# --- the images ---------------------------------------------------------------------------------
args=(-Dquarkus.container-image.build=true
      -Dquarkus.container-image.group=mintpost
      -Dquarkus.jib.base-jvm-image="$BASE_IMAGE"
      -Dquarkus.jib.user=185)
[[ -z ${IMAGE_TAG:-} ]] || args+=(-Dquarkus.container-image.tag="$IMAGE_TAG")
if $push; then
    [[ -n ${IMAGE_REGISTRY:-} ]] || { echo "--push needs IMAGE_REGISTRY" >&2; exit 2; }
    args+=(-Dquarkus.container-image.push=true -Dquarkus.container-image.registry="$IMAGE_REGISTRY")
else
    args+=(-Dquarkus.jib.docker-executable-name="$here/docker-to-tar.sh")
fi
modules=$(IFS=,; echo "${selected[*]}")
cd "$root"
# -am builds the contracts module they depend on; tests are the job of the regular build.
./mvnw -q -B -pl "$modules" -am package -DskipTests "${args[@]}"

$push && exit 0
for service in "${selected[@]}"; do
    tar=$IMAGE_TAR_DIR/$service.tar
    [[ -f $tar ]] || { echo "no image tar for $service at $tar" >&2; exit 1; }
    echo "$service: $tar ($(du -h "$tar" | cut -f1))"
done

# --- --check: run each image's java as the image's user, without a container runtime ------------
if $check; then
    [[ $(id -u) -eq 0 ]] || { echo "--check needs root (chroot)" >&2; exit 1; }
    for service in "${selected[@]}"; do
        work=$(mktemp -d)
        tar -xf "$IMAGE_TAR_DIR/$service.tar" -C "$work"
        mkdir "$work/rootfs"
        config=$(sed -n 's/.*"Config":"\([^"]*\)".*/\1/p' "$work/manifest.json")
        for layer in $(sed 's/.*"Layers":\[\([^]]*\)\].*/\1/; s/[",]/ /g' "$work/manifest.json"); do
            tar -xzf "$work/$layer" -C "$work/rootfs" 2>/dev/null || tar -xf "$work/$layer" -C "$work/rootfs" 2>/dev/null
        done
        user=$(sed -n 's/.*"User":"\([^"]*\)".*/\1/p' "$work/$config")
        [[ $user =~ ^[1-9][0-9]*$ ]] || { echo "$service: image user '$user' is not a non-root uid" >&2; exit 1; }
        [[ -f $work/rootfs/home/jboss/quarkus-run.jar ]] || { echo "$service: no quarkus-run.jar" >&2; exit 1; }
        version=$(unshare --fork --pid --mount --mount-proc="$work/rootfs/proc" \
            chroot --userspec="$user:$user" "$work/rootfs" /usr/bin/java -version 2>&1 | head -1)
        echo "$service: runs as uid $user, $version"
        rm -rf "$work"
    done
fi
