package dev.jobber.runner.container;

/**
 * Makes sure the engine has the image a runner container is about to be created from, providing it when missing.
 * Blocking; needs of one image at once share one build.
 */
public interface ImageSupply {

    /** Returns once the engine has {@code image}; throws {@link ContainerException} when it could not be provided. */
    void require(String image);
}
