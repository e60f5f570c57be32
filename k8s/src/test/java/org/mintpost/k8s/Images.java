package org.mintpost.k8s;

/** The container images of the four services, as k8s/build-images.sh builds them with Jib. */
final class Images {

    /** {@code quarkus.container-image.group}; the image name is the service's artifactId. */
    static final String GROUP = "mintpost";

    private Images() {
    }
}
