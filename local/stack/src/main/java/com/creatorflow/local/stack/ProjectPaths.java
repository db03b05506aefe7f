package com.creatorflow.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's root folder (the one holding {@code template.yaml}) and the paths derived from it. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    /** The project root: the {@code creatorflow.projectRoot} system property, else the nearest ancestor of the working directory with a template.yaml. */
    public static Path root() {
        String configured = System.getProperty("creatorflow.projectRoot");
        if (configured != null && Files.isRegularFile(Path.of(configured, "template.yaml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (a folder with template.yaml and pom.xml); "
                + "run from inside the project or set -Dcreatorflow.projectRoot");
    }

    /** The SAM template of the project. */
    public static Path template() {
        return root().resolve("template.yaml");
    }

    /** Tools the build installs for itself (Dynoxide), kept outside target/ so that a clean does not refetch them. */
    public static Path toolsDir() {
        return root().resolve(".local").resolve("tools");
    }
}
